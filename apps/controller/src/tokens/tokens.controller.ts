import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, RequireRole } from '../auth/current-principal.decorator.js';
import type { Principal } from '../auth/principal.js';
import { strictValidationPipe, uuidOr404 } from '../common/validation.js';
import { CreateTokenDto, TokenQuery } from './token.dto.js';
import { TokensService } from './tokens.service.js';

@ApiTags('Tokens')
@ApiBearerAuth()
@Controller('tokens')
@RequireRole('admin')
export class TokensController {
  constructor(private readonly tokens: TokensService) {}

  @Post()
  @ApiOperation({ summary: 'Create a token; the response carries the secret, shown only this once' })
  create(@Body(strictValidationPipe(CreateTokenDto)) dto: CreateTokenDto) {
    return this.tokens.create(dto);
  }

  @Get()
  list(@Query(strictValidationPipe(TokenQuery)) q: TokenQuery) {
    return this.tokens.list(q);
  }

  @Get(':id')
  get(@Param('id', uuidOr404('token')) id: string) {
    return this.tokens.get(id);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke a token' })
  revoke(@Param('id', uuidOr404('token')) id: string) {
    return this.tokens.revoke(id);
  }
}

@ApiTags('Tokens')
@ApiBearerAuth()
@Controller('whoami')
export class WhoAmIController {
  @Get()
  @ApiOperation({ summary: 'The calling token: name, role and tenant scope' })
  whoami(@CurrentPrincipal() p: Principal) {
    return { tokenId: p.tokenId, name: p.name, role: p.role, tenantId: p.tenantId };
  }
}
