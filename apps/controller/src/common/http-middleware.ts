import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { problemTitle } from './problem.js';

const JSON_TYPES = ['application/json', 'application/merge-patch+json'];

function sendProblem(req: Request, res: Response, status: number, code: string, detail: string): void {
  res.status(status).type('application/problem+json').send(
    JSON.stringify({
      type: `https://spinel.dev/problems/${code.toLowerCase().replaceAll('_', '-')}`,
      title: problemTitle(status),
      status,
      detail,
      code,
      instance: req.originalUrl,
    }),
  );
}

/** Bodies are JSON; anything else is refused up front instead of being validated as an empty object. */
export function requireJson(req: Request, res: Response, next: NextFunction): void {
  const hasBody = Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
  if (hasBody && ['POST', 'PUT', 'PATCH'].includes(req.method) && !req.is(JSON_TYPES)) {
    sendProblem(req, res, 415, 'UNSUPPORTED_MEDIA_TYPE', `request bodies must be application/json, got '${req.headers['content-type'] ?? 'none'}'`);
    return;
  }
  next();
}

/** JSON body parsing whose failures are problem documents too (they happen before Nest's filters). */
export function jsonBody(limit = '1mb'): RequestHandler {
  const parse = express.json({ limit, type: JSON_TYPES, strict: true });
  return (req, res, next) =>
    parse(req, res, (err?: { status?: number; type?: string; message?: string }) => {
      if (!err) return next();
      if (err.type === 'entity.too.large') return sendProblem(req, res, 413, 'PAYLOAD_TOO_LARGE', `request body exceeds ${limit}`);
      sendProblem(req, res, err.status ?? 400, 'MALFORMED_BODY', `request body is not valid JSON: ${err.message ?? 'parse error'}`);
    });
}
