import type { TokenRole } from '#persistence';

/** Who is calling: resolved from the bearer token by the auth guard. */
export interface Principal {
  tokenId: string | null;
  name: string;
  role: TokenRole;
  /** Set for tenant-scoped tokens: they see and change only this tenant's objects. */
  tenantId: string | null;
}

export const SYSTEM_PRINCIPAL: Principal = { tokenId: null, name: 'system', role: 'admin', tenantId: null };
