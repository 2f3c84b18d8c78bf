import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Capability, type DeviceTarget, NetconfDriver, XmlElement } from '#drivers';
import { deviceError } from '../contract/driver-contract.js';
import { NetconfdLab } from './netconfd-lab.js';

// The generic `netconf` platform against a NETCONF server nobody here wrote: yuma123's netconfd
// behind OpenSSH, configured in ietf-interfaces (a model Spinel has no dialect for).

const IF_NS = 'urn:ietf:params:xml:ns:yang:ietf-interfaces';
const IANA_IF_NS = 'urn:ietf:params:xml:ns:yang:iana-if-type';
// netconfd runs `ifconfig <name> up` for enabled interfaces it commits: names must not exist here.
const ethernet = (name: string, description: string) =>
  `<interfaces xmlns="${IF_NS}"><interface><name>${name}</name><description>${description}</description>` +
  `<type xmlns:ianaift="${IANA_IF_NS}">ianaift:ethernetCsmacd</type></interface></interfaces>`;

function descriptionOf(data: string, name: string): string | undefined {
  const found = XmlElement.parseDocument(data)
    .child('interfaces', IF_NS)
    ?.children()
    .find((i) => i.child('name')?.text() === name);
  return found ? (found.child('description')?.text() ?? '') : undefined;
}

describe('netconf driver against netconfd (yuma123)', () => {
  let lab: NetconfdLab;
  const drivers: NetconfDriver[] = [];
  beforeAll(async () => {
    lab = await NetconfdLab.start();
  });
  afterEach(async () => {
    await Promise.all(drivers.splice(0).map((d) => d.close()));
  });
  afterAll(async () => {
    await lab?.close();
  });

  async function opened(): Promise<NetconfDriver> {
    const target: DeviceTarget = {
      name: 'netconfd',
      role: 'leaf',
      platform: 'netconf',
      host: '127.0.0.1',
      port: lab.port,
      username: lab.username,
      privateKey: lab.privateKey.toString('utf8'),
      pinnedHostKey: lab.hostKeyFingerprint,
      timeoutMs: 10_000,
    };
    const driver = new NetconfDriver(target, { reconnect: { attempts: 3, initialDelayMs: 50 } });
    drivers.push(driver);
    await driver.open();
    return driver;
  }
  const running = async (d: NetconfDriver, name: string) => descriptionOf(await d.getConfig('running'), name);

  it('reports the hello: candidate, confirmed-commit 1.1, chunked framing, the pinned host key', async () => {
    const facts = await (await opened()).facts();
    expect(facts).toMatchObject({ platform: 'netconf', framing: 'chunked', writableDatastore: 'candidate', hostKey: { fingerprint: lab.hostKeyFingerprint } });
    expect(facts.capabilities).toEqual(expect.arrayContaining([Capability.candidate, Capability.confirmedCommit11, Capability.validate11]));
  });

  it('merges a configuration into the candidate under lock and commits it', async () => {
    const d = await opened();
    await d.loadConfig(ethernet('spx-gen1', 'first'), 'merge');
    expect(await running(d, 'spx-gen1')).toBeUndefined();
    await d.commit();
    expect(await running(d, 'spx-gen1')).toBe('first');
    await d.loadConfig(ethernet('spx-gen1', 'second'), 'merge');
    await d.discard();
    expect(await running(d, 'spx-gen1')).toBe('first');
  });

  it('confirms a persisted confirmed commit from a new session after its own was killed', async () => {
    const d = await opened();
    await d.loadConfig(ethernet('spx-gen2', 'confirmed'), 'merge');
    await d.commit({ confirmTimeoutSeconds: 120 });
    const admin = await lab.connect();
    await admin.killSession(d.sessionId!);
    await d.confirm();
    expect(await running(d, 'spx-gen2')).toBe('confirmed');
  });

  it('rolls back: cancels a pending confirmed commit, and restores the configuration before the last commit', async () => {
    const d = await opened();
    await d.loadConfig(ethernet('spx-gen3', 'before'), 'merge');
    await d.commit();
    await d.loadConfig(ethernet('spx-gen3', 'pending'), 'merge');
    await d.commit({ confirmTimeoutSeconds: 120 });
    expect(await running(d, 'spx-gen3')).toBe('pending');
    await d.rollback();
    expect(await running(d, 'spx-gen3')).toBe('before');
    await d.loadConfig(ethernet('spx-gen3', 'after'), 'merge');
    await d.commit();
    await d.rollback();
    expect(await running(d, 'spx-gen3')).toBe('before');
  });

  it('names the netconfd session that holds the candidate', async () => {
    const first = await opened();
    await first.loadConfig(ethernet('spx-gen4', 'one'), 'merge');
    const second = await opened();
    const error = await deviceError(second.loadConfig(ethernet('spx-gen4', 'two'), 'merge'));
    expect(error.code).toBe('TRANSIENT');
    expect(error.message).toContain(`locked by NETCONF session ${first.sessionId}`);
    await first.discard();
  });

  it('answers a configuration netconfd refuses with REJECTED and its message, and frees the candidate', async () => {
    const d = await opened();
    const untyped = `<interfaces xmlns="${IF_NS}"><interface><name>spx-gen5</name><description>no type</description></interface></interfaces>`;
    const error = await deviceError(d.loadConfig(untyped, 'replace').then(() => d.commit()));
    expect(error.code).toBe('REJECTED');
    expect(error.message).toMatch(/data-missing|missing/);
    await d.loadConfig(ethernet('spx-gen5', 'typed'), 'merge');
    await d.commit();
    expect(await running(d, 'spx-gen5')).toBe('typed');
  });
});
