import { closeSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ConfigNode } from './config-tree.js';
import type { CommitRecord, SwitchConfigPersistence, SwitchConfigSnapshot } from './switch-config-store.js';

/** The file, under the switch's state directory, that keeps its configuration across restarts. */
export const SWITCH_CONFIG_FILE = 'switch-config.json';
const FORMAT = 'spinel-switch-config';
const VERSION = 1;
/** How many of the newest commit-log records are kept across a restart. */
export const PERSISTED_COMMIT_RECORDS = 100;

/** The state file cannot be read back: start-up fails on it rather than start empty. */
export class SwitchStateFileError extends Error {
  override readonly name = 'SwitchStateFileError';
}

/**
 * The switch's running configuration (as last confirmed), the newest commit-log records, and the
 * marker of a confirmed commit pending at the time of writing, in one JSON file under the state
 * directory. Every save writes a temporary file, fsyncs it, renames it over the old one and
 * fsyncs the directory: a crash leaves the old file or the new one, never half of one.
 */
export class SwitchStateFile implements SwitchConfigPersistence {
  readonly path: string;

  constructor(
    stateDir: string,
    private readonly device: string,
  ) {
    this.path = join(stateDir, SWITCH_CONFIG_FILE);
  }

  load(): SwitchConfigSnapshot | undefined {
    let text: string;
    try {
      text = readFileSync(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw this.unreadable((error as Error).message);
    }
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (error) {
      throw this.unreadable(`not JSON (${(error as Error).message})`);
    }
    return this.read(raw);
  }

  save(snapshot: SwitchConfigSnapshot): void {
    const { pendingConfirmedCommit: pending } = snapshot;
    const document = {
      format: FORMAT,
      version: VERSION,
      device: this.device,
      running: snapshot.running,
      ...(pending ? { pendingConfirmedCommit: { sessionId: pending.sessionId, at: pending.at.toISOString() } } : {}),
      commitLog: snapshot.commitLog.slice(-PERSISTED_COMMIT_RECORDS).map((r) => ({ ...r, at: r.at.toISOString() })),
    };
    const partial = `${this.path}.${process.pid}.tmp`;
    const fd = openSync(partial, 'w', 0o600);
    try {
      writeSync(fd, `${JSON.stringify(document, null, 1)}\n`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(partial, this.path);
    // The rename itself is durable only once the directory entry is on disk.
    const dir = openSync(dirname(this.path), 'r');
    try {
      fsyncSync(dir);
    } finally {
      closeSync(dir);
    }
  }

  private read(raw: unknown): SwitchConfigSnapshot {
    if (!isObject(raw) || raw.format !== FORMAT) throw this.unreadable(`not a ${FORMAT} document`);
    if (raw.version !== VERSION) throw this.unreadable(`version ${String(raw.version)} is not supported (this emulator reads version ${VERSION})`);
    if (raw.device !== this.device) throw this.unreadable(`it holds the configuration of switch '${String(raw.device)}', not '${this.device}'`);
    if (!isConfigNode(raw.running) || raw.running.name !== 'config') throw this.unreadable('"running" is not a configuration tree');
    if (!Array.isArray(raw.commitLog)) throw this.unreadable('"commitLog" is not a list');
    const commitLog = raw.commitLog.map((r: unknown, i) => {
      const record = readRecord(r);
      if (!record) throw this.unreadable(`commitLog[${i}] is not a commit record`);
      return record;
    });
    const pending = raw.pendingConfirmedCommit;
    if (pending !== undefined && !(isObject(pending) && Number.isInteger(pending.sessionId) && validDate(pending.at))) {
      throw this.unreadable('"pendingConfirmedCommit" is malformed');
    }
    return {
      running: raw.running,
      commitLog,
      ...(isObject(pending) ? { pendingConfirmedCommit: { sessionId: pending.sessionId as number, at: new Date(pending.at as string) } } : {}),
    };
  }

  private unreadable(why: string): SwitchStateFileError {
    return new SwitchStateFileError(`switch state file ${this.path} is unreadable: ${why}; repair or remove it (removing it starts the switch from its factory configuration)`);
  }
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const validDate = (value: unknown): boolean => typeof value === 'string' && !Number.isNaN(Date.parse(value));
const optionalString = (value: unknown): boolean => value === undefined || typeof value === 'string';

function isConfigNode(value: unknown): value is ConfigNode {
  if (!isObject(value) || typeof value.ns !== 'string' || typeof value.name !== 'string' || value.name === '') return false;
  if (!optionalString(value.value) || !optionalString(value.valueNs) || !optionalString(value.valuePrefix)) return false;
  return Array.isArray(value.children) && value.children.every(isConfigNode);
}

function readRecord(value: unknown): CommitRecord | undefined {
  if (!isObject(value) || !validDate(value.at) || !Number.isInteger(value.sessionId) || typeof value.username !== 'string') return undefined;
  if ((value.operation !== 'commit' && value.operation !== 'edit-config') || typeof value.confirmed !== 'boolean' || !optionalString(value.revisionLabel)) return undefined;
  return {
    at: new Date(value.at as string),
    sessionId: value.sessionId as number,
    username: value.username,
    operation: value.operation,
    confirmed: value.confirmed,
    ...(typeof value.revisionLabel === 'string' ? { revisionLabel: value.revisionLabel } : {}),
  };
}
