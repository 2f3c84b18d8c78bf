import { type DeviceErrorCode, isDeviceError } from '#drivers';
import { ProblemException } from '../common/problem.js';

/**
 * A device that failed to answer is the upstream's fault, not the client's: gateway statuses with
 * a code per DeviceError code, so an operator (and a script) can tell a silent device (504) from
 * one that refused us or spoke nonsense (502).
 */
const STATUS: Record<DeviceErrorCode, [number, string]> = {
  TIMEOUT: [504, 'DEVICE_TIMEOUT'],
  TRANSIENT: [503, 'DEVICE_UNAVAILABLE'],
  AUTH: [502, 'DEVICE_AUTH_FAILED'],
  HOST_KEY: [502, 'DEVICE_HOST_KEY_MISMATCH'],
  REJECTED: [502, 'DEVICE_REJECTED'],
  PROTOCOL: [502, 'DEVICE_PROTOCOL_ERROR'],
};

/** DeviceErrors become problem documents naming the device; anything else passes through unchanged. */
export function asDeviceProblem(error: unknown, deviceId: string): unknown {
  if (!isDeviceError(error)) return error;
  const [status, code] = STATUS[error.code];
  return new ProblemException(status, code, error.message, undefined, { deviceId, retryable: error.retryable });
}
