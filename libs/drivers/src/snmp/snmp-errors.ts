import snmp from 'net-snmp';
import { DeviceError } from '../device-error.js';

/**
 * What a failed SNMP exchange means for the caller. SNMPv2c has no authentication reply: an agent
 * that does not know the community drops the request, so a wrong community looks exactly like a
 * silent device (TIMEOUT, and the message says so). An agent that answers with an error status
 * saying the community may not read (authorizationError, noAccess) is AUTH.
 */
export function snmpDeviceError(device: string, error: unknown): DeviceError {
  if (error instanceof DeviceError) return error;
  const e = error as Error & { name?: string; status?: number; code?: string };
  const message = e?.message ?? String(error);
  switch (e?.name) {
    case 'RequestTimedOutError':
      return new DeviceError('TIMEOUT', `${device} did not answer SNMP (is the agent running, and is the community right? SNMPv2c agents ignore a wrong community)`, { cause: error });
    case 'RequestFailedError':
      if (e.status === snmp.ErrorStatus.AuthorizationError || e.status === snmp.ErrorStatus.NoAccess) {
        return new DeviceError('AUTH', `${device} refused the SNMP request: ${message}`, { cause: error });
      }
      return new DeviceError('REJECTED', `${device} answered the SNMP request with an error: ${message}`, { cause: error });
    case 'ResponseInvalidError':
      return new DeviceError('PROTOCOL', `${device} sent an invalid SNMP response: ${message}`, { cause: error });
    case 'RequestInvalidError':
      return new DeviceError('PROTOCOL', `SNMP request to ${device} could not be built: ${message}`, { cause: error });
    default:
      if (e?.code === 'ECONNREFUSED' || e?.code === 'EHOSTUNREACH' || e?.code === 'ENETUNREACH') {
        return new DeviceError('TRANSIENT', `${device} is unreachable over SNMP: ${message}`, { cause: error });
      }
      // A datagram that does not even decode as SNMP.
      return new DeviceError('PROTOCOL', `${device} sent something that is not a valid SNMP message: ${message}`, { cause: error });
  }
}
