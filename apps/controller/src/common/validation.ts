import { ParseUUIDPipe, type Type, ValidationPipe, type ValidationError } from '@nestjs/common';
import { NotFoundError } from '#domain';
import { type FieldError, ProblemException } from './problem.js';

/** Flatten class-validator's tree into `field.path: message` pairs. */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldError[] {
  const out: FieldError[] = [];
  for (const e of errors) {
    const field = parent ? (/^\d+$/.test(e.property) ? `${parent}[${e.property}]` : `${parent}.${e.property}`) : e.property;
    for (const [rule, message] of Object.entries(e.constraints ?? {})) {
      // List validators name the bad element as `[i]: message` (see fields.ts): point at it.
      const element = /^\[(\d+)\]: ([\s\S]*)$/.exec(message);
      if (element) out.push({ field: `${field}[${element[1]}]`, message: element[2] as string });
      else out.push({ field, message: rule === 'whitelistValidation' ? `unknown field '${field}'` : message });
    }
    if (e.children?.length) out.push(...flattenValidationErrors(e.children, field));
  }
  return out;
}

/** Strict validation: unknown fields are refused, types are coerced only where DTOs say so. */
export function strictValidationPipe(expectedType?: Type<unknown>): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    expectedType,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => {
      const fieldErrors = flattenValidationErrors(errors);
      const detail = fieldErrors.map((f) => `${f.field}: ${f.message}`).join('; ') || 'invalid request';
      return new ProblemException(400, 'VALIDATION_FAILED', detail, fieldErrors);
    },
  });
}

/** A path id that is not a UUID names nothing: 404, like any other unknown id. */
export const uuidOr404 = (label: string) => new ParseUUIDPipe({ exceptionFactory: () => new NotFoundError(`no ${label} with that id`) });
