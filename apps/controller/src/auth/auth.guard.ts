import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import type { TokenRole } from '#persistence';
import { ProblemException } from '../common/problem.js';
import { PUBLIC_ROUTE, REQUIRED_ROLE } from './current-principal.decorator.js';
import type { Principal } from './principal.js';
import { type AuthFailure, TokenService } from './token.service.js';

const RANK: Record<TokenRole, number> = { viewer: 0, operator: 1, admin: 2 };
const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

const WHY: Record<AuthFailure, string> = {
  missing: 'this endpoint needs a bearer token: Authorization: Bearer <token>',
  malformed: "the Authorization header must read 'Bearer <token>'",
  unknown: 'the bearer token is not known',
  revoked: 'the bearer token has been revoked',
  expired: 'the bearer token has expired',
};

/** Global guard: bearer token → principal; reads need viewer, writes operator, tagged routes more. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly tokens: TokenService,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    const req = ctx.switchToHttp().getRequest<Request & { principal?: Principal }>();
    const result = await this.tokens.authenticate(req.headers.authorization);
    if (typeof result === 'string') {
      ctx.switchToHttp().getResponse<Response>().setHeader('WWW-Authenticate', `Bearer realm="spinel", error="invalid_token"`);
      throw new ProblemException(401, 'UNAUTHENTICATED', WHY[result]);
    }
    const needed = this.reflector.getAllAndOverride<TokenRole>(REQUIRED_ROLE, targets) ?? (READS.has(req.method) ? 'viewer' : 'operator');
    if (RANK[result.role] < RANK[needed]) {
      throw new ProblemException(403, 'FORBIDDEN', `this action needs the ${needed} role; the token '${result.name}' has ${result.role}`);
    }
    req.principal = result;
    return true;
  }
}
