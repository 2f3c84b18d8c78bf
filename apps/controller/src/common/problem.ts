import { HttpException } from '@nestjs/common';

export interface FieldError {
  field: string;
  message: string;
}

/** An RFC 9457 problem document. `code` is Spinel's stable error code; `errors` name the fields. */
export interface ProblemDocument {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  instance?: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  412: 'Precondition Failed',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

export function problemTitle(status: number): string {
  return TITLES[status] ?? 'Error';
}

/** Thrown by edges (pipes, guards) that already know the status and the field. */
export class ProblemException extends HttpException {
  constructor(status: number, code: string, detail: string, errors?: FieldError[], extra?: Record<string, unknown>) {
    super({ code, detail, errors, ...extra }, status);
  }
}
