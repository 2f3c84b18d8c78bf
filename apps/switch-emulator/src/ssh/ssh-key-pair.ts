import ssh2, { type ParsedKey } from 'ssh2';

export interface SshKeyPair {
  /** OpenSSH private key text. */
  private: string;
  /** `ssh-ed25519 AAAA…`. */
  public: string;
}

const PROBE = Buffer.from('spinel key check');

/**
 * A new ed25519 key pair in OpenSSH format. ssh2 1.17's generateKeyPairSync('ed25519') strips
 * leading zero bytes from the public key, so about one pair in 256 is malformed and fails to
 * parse (mscdex/ssh2#1390 and #1513, open). A host key like that would make the emulator fail to
 * start at random; so each pair is parsed and made to sign before it is used, and replaced if not.
 */
export function generateSshKeyPair(): SshKeyPair {
  for (let attempt = 0; attempt < 16; attempt++) {
    const pair = ssh2.utils.generateKeyPairSync('ed25519');
    if (isUsable(pair)) return pair;
  }
  throw new Error('could not generate a usable ed25519 key pair');
}

function isUsable(pair: SshKeyPair): boolean {
  const privateKey = first(ssh2.utils.parseKey(pair.private));
  const publicKey = first(ssh2.utils.parseKey(pair.public));
  if (!privateKey || !publicKey || !privateKey.getPublicSSH().equals(publicKey.getPublicSSH())) return false;
  const signature = privateKey.sign(PROBE);
  return !(signature instanceof Error) && publicKey.verify(PROBE, signature) === true;
}

function first(parsed: ParsedKey | ParsedKey[] | Error): ParsedKey | undefined {
  if (parsed instanceof Error) return undefined;
  return Array.isArray(parsed) ? parsed[0] : parsed;
}
