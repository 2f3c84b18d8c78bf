import type { Response } from 'express';

/**
 * Where to follow an intent change to the devices: every response to a change that created a
 * revision names its operation (`Operation-Id`) and links to it.
 */
export function setOperationHeaders(res: Response, operationId: string | undefined): void {
  if (!operationId) return;
  res.setHeader('Operation-Id', operationId);
  res.setHeader('Link', `</api/v1/operations/${operationId}>; rel="operation"`);
}
