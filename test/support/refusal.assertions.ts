import { expect } from 'vitest';
import { type ApiClient, type ApiResponse, expectStatus } from '#testing';

/** Every collection the REST API serves: a refused request must leave each one's count alone. */
export const COLLECTIONS = [
  'fabrics',
  'devices',
  'links',
  'tenants',
  'vpcs',
  'logical-switches',
  'logical-routers',
  'logical-ports',
  'security-policies',
  'container-nodes',
  'external-gateways',
] as const;

/** What an operator can observe of the intent: the revision head, every count, and chosen objects. */
export interface IntentState {
  head: number;
  counts: Record<string, number>;
  /** Full bodies of the watched paths (`/vpcs/<id>`), compared field by field, version included. */
  watched: Record<string, unknown>;
}

export async function intentState(api: ApiClient, watch: readonly string[] = []): Promise<IntentState> {
  const [revisions, totals, bodies] = await Promise.all([
    api.get('/revisions?limit=1'),
    Promise.all(COLLECTIONS.map(async (c) => [c, expectStatus(await api.get(`/${c}?limit=1`), 200).total as number] as const)),
    Promise.all(watch.map(async (p) => [p, expectStatus(await api.get(p), 200)] as const)),
  ]);
  return { head: expectStatus(revisions, 200).head as number, counts: Object.fromEntries(totals), watched: Object.fromEntries(bodies) };
}

export interface ExpectedRefusal {
  status: number;
  code: string;
  /** The field `errors[0]` must name; null when the refusal is about the object as a whole. */
  field: string | null;
  /** Something the problem's detail must say (the operator's hint). */
  detail?: RegExp;
  /** Objects (GET paths) that must read back exactly as before. */
  watch?: readonly string[];
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  errors?: { field: string; message: string }[];
  [extension: string]: unknown;
}

/**
 * Send a request that breaks an invariant and check the whole answer: the status, the problem
 * document (code, the offending field) and that nothing was written — the revision head, every
 * collection's count and the watched objects are exactly as they were.
 */
export async function expectRefused(api: ApiClient, send: () => Promise<ApiResponse>, expected: ExpectedRefusal): Promise<Problem> {
  const before = await intentState(api, expected.watch);
  const res = await send();
  const problem = expectStatus(res, expected.status) as Problem;
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(problem).toMatchObject({ status: expected.status, code: expected.code, title: expect.any(String), detail: expect.any(String) });
  if (expected.field === null) expect(problem.errors).toBeUndefined();
  else expect(problem.errors?.[0]?.field, JSON.stringify(problem)).toBe(expected.field);
  if (expected.detail) expect(problem.detail).toMatch(expected.detail);
  expect(await intentState(api, expected.watch), 'a refused request must write nothing').toEqual(before);
  return problem;
}
