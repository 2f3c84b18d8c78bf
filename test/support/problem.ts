import { expect } from 'vitest';
import type { ApiClient, ApiResponse } from '#testing';

/** Every error leaves as RFC 9457 application/problem+json with Spinel's stable `code`. */
export function expectProblem(res: ApiResponse, status: number, code?: string): Record<string, any> {
  expect(res.status, `HTTP ${res.status}: ${JSON.stringify(res.body)}`).toBe(status);
  expect(res.headers.get('content-type') ?? '').toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({ status, title: expect.any(String), detail: expect.any(String), code: expect.any(String) });
  expect(res.body.type).toMatch(/^https:\/\/spinel\.dev\/problems\//);
  if (code) expect(res.body.code).toBe(code);
  return res.body;
}

/** The audit trail's head revision number, as the admin sees it. */
export async function revisionHead(api: ApiClient): Promise<number> {
  const res = await api.get('/revisions?limit=1');
  expect(res.status).toBe(200);
  return res.body.head as number;
}
