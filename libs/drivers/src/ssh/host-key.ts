import { createHash } from 'node:crypto';
import ssh2 from 'ssh2';
import { DeviceError } from '../device-error.js';

/** A server's SSH host key as presented during the key exchange. */
export interface PresentedHostKey {
  /** Key type as named on the wire: ssh-ed25519, ecdsa-sha2-nistp256, ssh-rsa… */
  algorithm: string;
  /** OpenSSH's format, `SHA256:<base64 without padding>`, what `ssh-keygen -lf` prints. */
  fingerprint: string;
  /** The public key as an authorized_keys / known_hosts line (`<algorithm> <base64>`). */
  publicKey: string;
}

/**
 * Decides whether to trust a presented host key. Returning false refuses it with a generic
 * HOST_KEY error; throwing a DeviceError refuses it with that error (to say what was expected).
 * May be async: the pinned key usually lives in the database.
 */
export type HostKeyVerifier = (key: PresentedHostKey) => boolean | Promise<boolean>;

/** Describes a host key from its SSH wire encoding (RFC 4253 section 6.6). */
export function describeHostKey(blob: Buffer): PresentedHostKey {
  const nameLength = blob.length >= 4 ? blob.readUInt32BE(0) : 0;
  const algorithm = blob.subarray(4, 4 + nameLength).toString('latin1') || 'unknown';
  return { algorithm, fingerprint: sshFingerprint(blob), publicKey: `${algorithm} ${blob.toString('base64')}` };
}

export function sshFingerprint(blob: Buffer): string {
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}

/** The fingerprint of a public key given in OpenSSH text form (`ssh-ed25519 AAAA…`). */
export function fingerprintOfPublicKey(publicKey: string): string {
  const parsed = ssh2.utils.parseKey(publicKey);
  if (parsed instanceof Error) throw parsed;
  const key = Array.isArray(parsed) ? parsed[0] : parsed;
  if (!key) throw new Error('no public key found');
  return sshFingerprint(key.getPublicSSH());
}

/** A verifier that accepts exactly one fingerprint and says which it expected when refusing. */
export function pinnedHostKey(expectedFingerprint: string): HostKeyVerifier {
  return (key) => {
    if (key.fingerprint === expectedFingerprint) return true;
    throw new DeviceError(
      'HOST_KEY',
      `host key mismatch: the device presented ${key.algorithm} ${key.fingerprint}, but ${expectedFingerprint} is pinned; ` +
        'if the device was legitimately re-keyed, an operator must accept the new key',
    );
  };
}
