import { applyDecorators, type Type } from '@nestjs/common';
import { ApiProperty, type ApiPropertyOptions } from '@nestjs/swagger';
import { Type as TransformType } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  ValidateBy,
  ValidateNested,
} from 'class-validator';
import { Asn, Cidr, DnsLabel, IpAddress, MacAddress, RouteDistinguisher, RouteTarget } from '#domain';

interface Common {
  optional?: boolean;
  description?: string;
  example?: unknown;
}

const doc = (o: Common, extra: ApiPropertyOptions = {}) =>
  ApiProperty({ required: !o.optional, description: o.description, example: o.example, ...extra } as ApiPropertyOptions);
const opt = (o: Common) => (o.optional ? [IsOptional()] : []);

/** A validator that defers to a domain parser, so the API speaks the domain's exact messages. */
function Parses(name: string, parse: (v: unknown) => unknown, each = false): PropertyDecorator {
  const message = (value: unknown): string => {
    try {
      parse(value);
      return '';
    } catch (e) {
      return (e as Error).message;
    }
  };
  return ValidateBy(
    {
      name,
      validator: {
        validate: (value: unknown) => message(value) === '',
        // With `each`, class-validator hands over the whole array: name the first bad element.
        defaultMessage: (args) => {
          const value = args?.value;
          if (!each || !Array.isArray(value)) return message(value);
          const i = value.findIndex((v) => message(v) !== '');
          return i < 0 ? 'invalid value' : `[${i}]: ${message(value[i])}`;
        },
      },
    },
    { each },
  );
}

export const NameField = (o: Common = {}) =>
  applyDecorators(doc(o, { type: String, example: o.example ?? 'blue' }), ...opt(o), IsString(), Parses('dnsLabel', (v) => DnsLabel.parse(v as string)));

export const TextField = (o: Common & { maxLength?: number } = {}) =>
  applyDecorators(doc(o, { type: String }), ...opt(o), IsString(), MaxLength(o.maxLength ?? 1024));

export const PatternField = (pattern: RegExp, what: string, o: Common & { maxLength?: number } = {}) =>
  applyDecorators(
    doc(o, { type: String, pattern: pattern.source }),
    ...opt(o),
    IsString(),
    MaxLength(o.maxLength ?? 64),
    ValidateBy({ name: 'pattern', validator: { validate: (v) => typeof v === 'string' && pattern.test(v), defaultMessage: (a) => `${a?.property} must be ${what}` } }),
  );

export const IntField = (min: number, max: number, o: Common = {}) =>
  applyDecorators(doc(o, { type: Number, minimum: min, maximum: max }), ...opt(o), IsInt(), Min(min), Max(max));

export const BoolField = (o: Common = {}) => applyDecorators(doc(o, { type: Boolean }), ...opt(o), IsBoolean());

export const EnumField = (values: readonly string[], o: Common = {}) =>
  applyDecorators(doc(o, { enum: [...values] }), ...opt(o), IsIn([...values], { message: (a) => `${a.property} must be one of: ${values.join(', ')}` }));

export const UuidField = (o: Common = {}) => applyDecorators(doc(o, { type: String, format: 'uuid' }), ...opt(o), IsUUID('all'));

export const UuidListField = (o: Common & { min?: number } = {}) =>
  applyDecorators(doc(o, { type: [String] }), ...opt(o), IsArray(), ArrayMinSize(o.min ?? 0), ArrayMaxSize(64), IsUUID('all', { each: true }));

export const AsnField = (o: Common = {}) =>
  applyDecorators(doc(o, { type: Number, minimum: 1, maximum: 4294967295, example: 65001 }), ...opt(o), IsInt(), Parses('asn', (v) => Asn.parse(v as number)));

export const IpField = (o: Common = {}) =>
  applyDecorators(doc(o, { type: String, example: o.example ?? '10.0.0.10' }), ...opt(o), IsString(), Parses('ip', (v) => IpAddress.parse(v as string)));

export const CidrField = (o: Common = {}) =>
  applyDecorators(doc(o, { type: String, example: o.example ?? '10.0.0.0/24' }), ...opt(o), IsString(), Parses('cidr', (v) => Cidr.parse(v as string)));

export const CidrListField = (o: Common & { min?: number } = {}) =>
  applyDecorators(
    doc(o, { type: [String], example: o.example ?? ['10.0.0.0/16'] }),
    ...opt(o),
    IsArray(),
    ArrayMinSize(o.min ?? 0),
    ArrayMaxSize(256),
    IsString({ each: true }),
    Parses('cidr', (v) => Cidr.parse(v as string), true),
  );

export const MacField = (o: Common = {}) =>
  applyDecorators(
    doc(o, { type: String, example: o.example ?? '02:00:00:00:00:01' }),
    ...opt(o),
    IsString(),
    Parses('mac', (v) => MacAddress.parse(v as string, undefined, { unicast: true })),
  );

export const RouteDistinguisherField = (o: Common = {}) =>
  applyDecorators(doc(o, { type: String, example: '65000:10001' }), ...opt(o), IsString(), Parses('rd', (v) => RouteDistinguisher.parse(v as string)));

export const RouteTargetListField = (o: Common = {}) =>
  applyDecorators(
    doc(o, { type: [String], example: ['65000:10001'] }),
    ...opt(o),
    IsArray(),
    ArrayMaxSize(64),
    IsString({ each: true }),
    Parses('rt', (v) => RouteTarget.parse(v as string), true),
  );

export const LabelsField = (o: Common = {}) =>
  applyDecorators(
    doc(o, { type: 'object', additionalProperties: { type: 'string' }, example: o.example ?? { app: 'web' } }),
    ...opt(o),
    IsObject(),
    ValidateBy({
      name: 'labels',
      validator: {
        validate: (v) => isLabelMap(v),
        defaultMessage: (a) => `${a?.property} must map label keys (≤63 chars of [A-Za-z0-9._/-]) to string values (≤63 chars)`,
      },
    }),
  );

export const NestedField = (cls: () => Type<unknown>, o: Common & { array?: boolean; max?: number } = {}) =>
  applyDecorators(
    doc(o, { type: () => (o.array ? [cls()] : cls()) } as ApiPropertyOptions),
    ...opt(o),
    ...(o.array ? [IsArray(), ArrayMaxSize(o.max ?? 1024)] : [IsObject()]),
    ValidateNested({ each: !!o.array }),
    TransformType(cls),
  );

const LABEL_KEY = /^([a-z0-9]([-a-z0-9.]*[a-z0-9])?\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const LABEL_VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/;

export function isLabelMap(v: unknown): v is Record<string, string> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const entries = Object.entries(v);
  return entries.length <= 64 && entries.every(([k, val]) => LABEL_KEY.test(k) && typeof val === 'string' && LABEL_VALUE.test(val));
}
