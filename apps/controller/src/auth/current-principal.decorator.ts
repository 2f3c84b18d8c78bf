import { createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import type { TokenRole } from '#persistence';
import type { Principal } from './principal.js';

export const PUBLIC_ROUTE = 'spinel:public';
export const REQUIRED_ROLE = 'spinel:role';

/** Reachable without a token (health probes). */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);

/** Minimum role for every route of a controller or one handler (else: GET viewer, writes operator). */
export const RequireRole = (role: TokenRole) => SetMetadata(REQUIRED_ROLE, role);

export const CurrentPrincipal = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal => {
  return (ctx.switchToHttp().getRequest() as { principal: Principal }).principal;
});
