import { PartialType } from '@nestjs/swagger';
import { NameField, TextField } from '../../common/fields.js';
import { PageQuery } from '../../common/pagination.js';

export class CreateTenantDto {
  @NameField({ example: 'acme' })
  name: string;

  @TextField({ optional: true })
  description?: string;
}

export class UpdateTenantDto extends PartialType(CreateTenantDto) {}

export class TenantQuery extends PageQuery {
  @NameField({ optional: true })
  name?: string;
}
