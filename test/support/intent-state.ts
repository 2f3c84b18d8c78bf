import { type ApiClient, expectStatus } from '#testing';

type Json = Record<string, any>;

/** Every list endpoint of the intent API, in the order an operator would read a fabric. */
export const INTENT_COLLECTIONS = [
  'fabrics',
  'devices',
  'links',
  'tenants',
  'vpcs',
  'logical-switches',
  'logical-routers',
  'logical-ports',
  'security-policies',
  'container-nodes',
  'external-gateways',
] as const;

/**
 * The whole intent as the API lists it, page by page. `version` and `updatedAt` are left out: a
 * rollback restores the fields of a revision but moves versions forward so old ETags stop matching.
 */
export async function intentState(api: ApiClient): Promise<Record<string, Json[]>> {
  const out: Record<string, Json[]> = {};
  for (const path of INTENT_COLLECTIONS) {
    const items: Json[] = [];
    for (let offset = 0; ; offset += 500) {
      const page = expectStatus(await api.get(`/${path}?limit=500&offset=${offset}`), 200);
      items.push(...page.items.map(({ version: _v, updatedAt: _u, ...rest }: Json) => rest));
      if (items.length >= page.total) break;
    }
    out[path] = items;
  }
  return out;
}
