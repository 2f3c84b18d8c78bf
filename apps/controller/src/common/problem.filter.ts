import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { DomainError, type DomainErrorCode } from '#domain';
import type { Request, Response } from 'express';
import { QueryFailedError } from 'typeorm';
import { type FieldError, type ProblemDocument, problemTitle } from './problem.js';

const DOMAIN_STATUS: Record<DomainErrorCode, number> = {
  INVALID_VALUE: 422,
  CONFLICT: 409,
  NOT_FOUND: 404,
  DEPENDENTS_EXIST: 409,
  PRECONDITION_FAILED: 412,
  EXHAUSTED: 409,
};

/** PostgreSQL SQLSTATEs that mean "your request collided", not "the server broke". */
const PG_CONFLICTS = new Set(['23505', '23503', '40001', '40P01']);

/** Every error leaves as application/problem+json; unknown errors are logged and never leak internals. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly log = new Logger('ProblemFilter');

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const req = http.getRequest<Request>();
    const res = http.getResponse<Response>();
    const problem = this.toProblem(error);
    problem.instance = req.originalUrl;
    if (problem.status >= 500) this.log.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    res.status(problem.status).type('application/problem+json').send(JSON.stringify(problem));
  }

  private toProblem(error: unknown): ProblemDocument {
    if (error instanceof DomainError) {
      // A reference in the body that does not resolve is the client's content, not a missing URL.
      const status = error.code === 'NOT_FOUND' && error.field ? 422 : DOMAIN_STATUS[error.code];
      const errors: FieldError[] | undefined = error.field ? [{ field: error.field, message: error.message }] : undefined;
      return this.doc(status, error.code, error.message, errors, error.detail);
    }
    if (error instanceof HttpException) {
      const status = error.getStatus();
      const body = error.getResponse();
      if (typeof body === 'object' && body !== null && 'code' in body) {
        const { code, detail, errors, ...extra } = body as { code: string; detail: string; errors?: FieldError[] };
        return this.doc(status, code, detail, errors, extra);
      }
      const message = typeof body === 'string' ? body : ((body as { message?: unknown }).message ?? error.message);
      const detail = Array.isArray(message) ? message.join('; ') : String(message);
      return this.doc(status, codeForStatus(status), detail);
    }
    if (error instanceof QueryFailedError) {
      const sqlState = (error as QueryFailedError & { code?: string }).code ?? '';
      if (PG_CONFLICTS.has(sqlState)) {
        const constraint = (error as QueryFailedError & { constraint?: string }).constraint;
        return this.doc(409, 'CONFLICT', `the change collides with existing data${constraint ? ` (${constraint})` : ''}`);
      }
    }
    if (isBodyParserError(error)) {
      return this.doc(error.status, error.status === 413 ? 'PAYLOAD_TOO_LARGE' : 'MALFORMED_BODY', error.message);
    }
    return this.doc(500, 'INTERNAL', 'an unexpected error occurred; it has been logged');
  }

  private doc(status: number, code: string, detail: string, errors?: FieldError[], extra?: Record<string, unknown>): ProblemDocument {
    const doc: ProblemDocument = {
      type: `https://spinel.dev/problems/${code.toLowerCase().replaceAll('_', '-')}`,
      title: problemTitle(status),
      status,
      detail,
      code,
      ...extra,
    };
    if (errors?.length) doc.errors = errors;
    return doc;
  }
}

function codeForStatus(status: number): string {
  switch (status) {
    case 400: return 'BAD_REQUEST';
    case 401: return 'UNAUTHENTICATED';
    case 403: return 'FORBIDDEN';
    case 404: return 'NOT_FOUND';
    case 405: return 'METHOD_NOT_ALLOWED';
    case 413: return 'PAYLOAD_TOO_LARGE';
    case 415: return 'UNSUPPORTED_MEDIA_TYPE';
    default: return status >= 500 ? 'INTERNAL' : 'ERROR';
  }
}

function isBodyParserError(e: unknown): e is { status: number; message: string; type: string } {
  return typeof e === 'object' && e !== null && 'type' in e && 'status' in e && typeof (e as { status: unknown }).status === 'number';
}
