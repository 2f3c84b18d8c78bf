/**
 * Domain errors. Each carries a stable code (mapped to an HTTP status at the edge), the field it
 * concerns when there is one, and optional structured detail for the problem document.
 */
export type DomainErrorCode =
  | 'INVALID_VALUE' // a value breaks a rule of its own (syntax, range) or of its context (IP outside subnet)
  | 'CONFLICT' // collides with an existing object (duplicate VNI, overlapping CIDR, duplicate IP)
  | 'NOT_FOUND' // a referenced or addressed object does not exist (or is not visible)
  | 'DEPENDENTS_EXIST' // delete refused while other objects depend on this one
  | 'PRECONDITION_FAILED' // If-Match did not match the current version
  | 'EXHAUSTED'; // an allocation pool has no free value left

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly field?: string,
    readonly detail?: Record<string, unknown>,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class InvalidValueError extends DomainError {
  constructor(message: string, field?: string, detail?: Record<string, unknown>) {
    super('INVALID_VALUE', message, field, detail);
  }
}

export class ConflictError extends DomainError {
  constructor(message: string, field?: string, detail?: Record<string, unknown>) {
    super('CONFLICT', message, field, detail);
  }
}

export class NotFoundError extends DomainError {
  constructor(message: string, field?: string, detail?: Record<string, unknown>) {
    super('NOT_FOUND', message, field, detail);
  }
}

export class DependentsExistError extends DomainError {
  constructor(message: string, detail?: Record<string, unknown>) {
    super('DEPENDENTS_EXIST', message, undefined, detail);
  }
}

export class PreconditionFailedError extends DomainError {
  constructor(message: string, detail?: Record<string, unknown>) {
    super('PRECONDITION_FAILED', message, undefined, detail);
  }
}

export class ExhaustedError extends DomainError {
  constructor(message: string, field?: string, detail?: Record<string, unknown>) {
    super('EXHAUSTED', message, field, detail);
  }
}
