import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { sshFingerprint } from '#drivers';
import ssh2 from 'ssh2';
import { generateSshKeyPair } from './ssh-key-pair.js';

export interface HostKey {
  /** OpenSSH private key text, for ssh2's `hostKeys`. */
  privateKey: string;
  /** `<algorithm> <base64>`, as a known_hosts entry would hold it. */
  publicKey: string;
  /** `SHA256:…`, what a client pins. */
  fingerprint: string;
}

/**
 * The switch's SSH host key, kept on disk so that it survives restarts (a client that pinned it
 * must see the same key next time, and a test can replace the file to play a re-keyed device).
 * Generated on first use.
 */
export function loadOrCreateHostKey(path: string): HostKey {
  if (!existsSync(path)) {
    const generated = generateSshKeyPair();
    mkdirSync(dirname(path), { recursive: true });
    // Write then rename: a crash mid-write must not leave a truncated key that fails every start.
    const partial = `${path}.${process.pid}.tmp`;
    writeFileSync(partial, generated.private, { mode: 0o600 });
    renameSync(partial, path);
  }
  return describeHostKey(readFileSync(path, 'utf8'), path);
}

function describeHostKey(privateKey: string, path: string): HostKey {
  const parsed = ssh2.utils.parseKey(privateKey);
  if (parsed instanceof Error) throw new Error(`host key ${path} is unreadable: ${parsed.message}`);
  const key = Array.isArray(parsed) ? parsed[0] : parsed;
  if (!key || key.getPrivatePEM() === null) throw new Error(`host key ${path} holds no private key`);
  const blob = key.getPublicSSH();
  return { privateKey, publicKey: `${key.type} ${blob.toString('base64')}`, fingerprint: sshFingerprint(blob) };
}
