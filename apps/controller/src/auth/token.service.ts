import { createHash, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, IsNull, MoreThan } from 'typeorm';
import { ApiTokenEntity, type TokenRole } from '#persistence';
import type { Principal } from './principal.js';

const TOKEN_PREFIX = 'spn_';

export const hashToken = (secret: string): string => createHash('sha256').update(secret).digest('hex');
export const generateSecret = (): string => TOKEN_PREFIX + randomBytes(32).toString('base64url');

export type AuthFailure = 'missing' | 'malformed' | 'unknown' | 'revoked' | 'expired';

/** Bearer tokens: stored as SHA-256 hashes, resolved to a principal on every request. */
@Injectable()
export class TokenService {
  constructor(private readonly ds: DataSource) {}

  async authenticate(authorization: string | undefined): Promise<Principal | AuthFailure> {
    if (!authorization) return 'missing';
    const m = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (!m?.[1]) return 'malformed';
    const token = await this.ds.manager.findOne(ApiTokenEntity, { where: { tokenHash: hashToken(m[1]) } });
    if (!token) return 'unknown';
    if (token.revokedAt) return 'revoked';
    if (token.expiresAt && token.expiresAt.getTime() <= Date.now()) return 'expired';
    return { tokenId: token.id, name: token.name, role: token.role, tenantId: token.tenantId };
  }

  /** Store a token for a secret the caller chose or that is generated here; returns the secret once. */
  async issue(spec: { name: string; role: TokenRole; tenantId?: string | null; expiresAt?: Date | null; secret?: string }) {
    const secret = spec.secret ?? generateSecret();
    const token = await this.ds.manager.save(
      this.ds.manager.create(ApiTokenEntity, {
        name: spec.name,
        role: spec.role,
        tenantId: spec.tenantId ?? null,
        expiresAt: spec.expiresAt ?? null,
        tokenHash: hashToken(secret),
        prefix: secret.slice(0, TOKEN_PREFIX.length + 6),
      }),
    );
    return { token, secret };
  }

  /**
   * The first admin: SPINEL_ADMIN_TOKEN if configured (stored hashed, idempotent), else one generated
   * when no working admin token exists (the first start, or after every admin token expired). Returns the secret when it was generated, so start-up prints it once.
   */
  async bootstrapAdmin(configured: string | undefined): Promise<{ generated?: string }> {
    if (configured) {
      const exists = await this.ds.manager.exists(ApiTokenEntity, { where: { tokenHash: hashToken(configured) } });
      if (!exists) await this.issue({ name: 'bootstrap-admin', role: 'admin', secret: configured });
      return {};
    }
    const admins = await this.ds.manager.count(ApiTokenEntity, {
      where: [
        { role: 'admin', revokedAt: IsNull(), expiresAt: IsNull() },
        { role: 'admin', revokedAt: IsNull(), expiresAt: MoreThan(new Date()) },
      ],
    });
    if (admins > 0) return {};
    const { secret } = await this.issue({ name: 'bootstrap-admin', role: 'admin' });
    return { generated: secret };
  }
}
