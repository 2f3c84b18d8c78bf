/**
 * Why a device operation failed, phrased as what the caller should do about it. The job layer
 * retries only what `retryable` says; everything else ends the job (BullMQ `UnrecoverableError`)
 * and is shown to the operator.
 *
 * - TRANSIENT: the device or the path to it is busy or briefly gone (connection refused or reset,
 *   session dropped, a datastore locked by someone else). Try again later.
 * - TIMEOUT: no answer in time. Retryable, but the operation may have taken effect.
 * - AUTH: the device refused our credentials (or they lack the rights for the operation).
 * - HOST_KEY: the device presented an SSH host key that the caller's verifier refused, usually
 *   because it differs from the pinned one. Only an operator may accept the new key.
 * - REJECTED: the device understood the request and said no (invalid value, unknown element…).
 * - PROTOCOL: the conversation itself is broken (bad framing, malformed XML, missing hello).
 */
export type DeviceErrorCode = 'TRANSIENT' | 'TIMEOUT' | 'AUTH' | 'HOST_KEY' | 'REJECTED' | 'PROTOCOL';

const RETRYABLE: ReadonlySet<DeviceErrorCode> = new Set(['TRANSIENT', 'TIMEOUT']);

export class DeviceError extends Error {
  override readonly name: string = 'DeviceError';

  constructor(
    readonly code: DeviceErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  /** Whether the same operation may succeed if tried again unchanged. */
  get retryable(): boolean {
    return RETRYABLE.has(this.code);
  }
}

export function isDeviceError(error: unknown): error is DeviceError {
  return error instanceof DeviceError;
}
