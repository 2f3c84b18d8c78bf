import { PartialType } from '@nestjs/swagger';
import { AsnField, EnumField, IntField, MacField, NameField, TextField } from '../../common/fields.js';
import { PageQuery } from '../../common/pagination.js';

export class CreateFabricDto {
  @NameField({ example: 'dc1' })
  name: string;

  @TextField({ optional: true })
  description?: string;

  @AsnField({ description: 'Overlay ASN; default route distinguishers and targets derive from it' })
  asn: number;

  @EnumField(['ebgp', 'ibgp'], { optional: true, description: 'Underlay routing (default ebgp)' })
  underlayProtocol?: 'ebgp' | 'ibgp';

  @IntField(1, 16777214, { optional: true, description: 'First VNI of the automatic pool (default 10000)' })
  vniMin?: number;

  @IntField(1, 16777214, { optional: true, description: 'Last VNI of the automatic pool (default 16777214)' })
  vniMax?: number;

  @IntField(1, 4094, { optional: true, description: 'First VLAN of the automatic pool (default 100)' })
  vlanMin?: number;

  @IntField(1, 4094, { optional: true, description: 'Last VLAN of the automatic pool (default 3999)' })
  vlanMax?: number;

  @MacField({ optional: true, description: 'Distributed anycast gateway MAC (default 00:00:5e:00:01:01)' })
  anycastGatewayMac?: string;
}

export class UpdateFabricDto extends PartialType(CreateFabricDto) {}

export class FabricQuery extends PageQuery {
  @NameField({ optional: true })
  name?: string;
}
