import { ApiProperty } from '@nestjs/swagger';
import { IsISO8601, IsOptional } from 'class-validator';
import { EnumField, TextField, UuidField } from '../common/fields.js';
import { PageQuery } from '../common/pagination.js';

export const ROLES = ['admin', 'operator', 'viewer'] as const;

export class CreateTokenDto {
  @TextField({ maxLength: 64, example: 'ci-pipeline' })
  name: string;

  @EnumField(ROLES, { description: 'admin: everything incl. tokens; operator: change intent; viewer: read' })
  role: (typeof ROLES)[number];

  @UuidField({ optional: true, description: 'Scope the token to one tenant (operator or viewer only)' })
  tenantId?: string;

  @ApiProperty({ required: false, example: '2027-01-01T00:00:00Z' })
  @IsOptional()
  @IsISO8601({ strict: true })
  expiresAt?: string;
}

export class TokenQuery extends PageQuery {
  @UuidField({ optional: true })
  tenantId?: string;
}
