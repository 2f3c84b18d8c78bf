import { createHash, timingSafeEqual } from 'node:crypto';
import ssh2, { type AuthContext, type ParsedKey } from 'ssh2';
import type { SwitchFaults } from '../faults/switch-faults.js';

/** A login the emulated switch accepts: a password, authorized public keys, or both. */
export interface SshUser {
  username: string;
  password?: string;
  /** authorized_keys lines (`ssh-ed25519 AAAA… comment`). */
  authorizedKeys?: readonly string[];
}

interface CheckedUser {
  passwordDigest?: Buffer;
  keys: ParsedKey[];
}

// Hash before comparing so that the comparison is constant-time whatever the lengths.
const digest = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();

/** Returns ssh2's `authentication` listener for these users. */
export function sshAuthenticator(users: readonly SshUser[], faults?: SwitchFaults): (ctx: AuthContext) => void {
  const known = new Map<string, CheckedUser>();
  for (const user of users) {
    const keys = (user.authorizedKeys ?? []).map((line) => {
      const parsed = ssh2.utils.parseKey(line);
      if (parsed instanceof Error) throw new Error(`authorized key of ${user.username} is unreadable: ${parsed.message}`);
      return Array.isArray(parsed) ? parsed[0]! : parsed;
    });
    known.set(user.username, { ...(user.password !== undefined ? { passwordDigest: digest(user.password) } : {}), keys });
  }

  return (ctx) => {
    // Injected fault: answered like a wrong password, so the client fails at once rather than waits.
    if (faults?.refuseLogin) return ctx.reject(['password', 'publickey']);
    const user = known.get(ctx.username);
    if (ctx.method === 'password' && user?.passwordDigest && timingSafeEqual(digest(ctx.password), user.passwordDigest)) return ctx.accept();
    if (ctx.method === 'publickey' && user) {
      const key = user.keys.find((k) => k.type === ctx.key.algo && k.getPublicSSH().equals(ctx.key.data));
      // Without a signature the client only asks whether the key would do; with one, prove it.
      if (key && (!ctx.signature || key.verify(ctx.blob!, ctx.signature, ctx.hashAlgo) === true)) return ctx.accept();
    }
    ctx.reject(['password', 'publickey']);
  };
}
