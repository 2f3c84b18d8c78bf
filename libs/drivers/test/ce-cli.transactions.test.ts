import { canonicalize, type DeviceIntent } from '#intent';
import { NetconfClient } from '#drivers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CeCliLab, USER, fixtureIntent } from './support/ce-cli-lab.js';
import { deviceError as rejection } from './support/device-error-of.js';

const golden = (): DeviceIntent => fixtureIntent('l2-bridge', 'leaf-1');
const edit = (i: DeviceIntent, f: (x: DeviceIntent) => void): DeviceIntent => {
  const copy = structuredClone(canonicalize(i));
  f(copy);
  return canonicalize(copy);
};
/** A third logical switch for leaf-1, outside any VRF and not yet attached. */
const extraBridgeDomain = (): DeviceIntent['bridgeDomains'][number] => ({
  id: 10003,
  l2Vni: 10003,
  description: 'blue/cache',
  routeDistinguisher: '65000:10003',
  importRouteTargets: ['65000:10003'],
  exportRouteTargets: ['65000:10003'],
  arpSuppression: false,
  attachments: [],
});


/** Waits (without asserting on time) until the switch has rolled back `count` trial commits. */
async function rolledBack(lab: CeCliLab, count: number): Promise<void> {
  while (lab.store.rollbacks.length < count) await new Promise((resolve) => setTimeout(resolve, 50));
}

describe('ce-cli driver transactions against the emulated switch over SSH', () => {
  let lab: CeCliLab;
  beforeEach(async () => {
    lab = await CeCliLab.start('leaf-1', 'leaf');
  });
  afterEach(async () => {
    await lab?.close();
  });

  it('replaces an empty switch with a golden intent: running then reads back as that intent', async () => {
    const driver = await lab.driver();
    await driver.loadCandidate(golden(), 'replace');
    expect(await driver.compare()).toContain('bridge-domain 10001');
    await driver.commit();
    expect(await driver.getRunningConfig()).toEqual(canonicalize(golden()));
    expect(await driver.compare()).toBe('');
    expect(lab.store.commitLog).toEqual([expect.objectContaining({ operation: 'commit', confirmed: false, username: 'admin' })]);
  });

  it('replaces one golden intent with another, removing what the new one lacks', async () => {
    const driver = await lab.driver();
    await driver.loadCandidate(golden(), 'replace');
    await driver.commit();
    const acl = fixtureIntent('acl', 'leaf-1');
    await driver.loadCandidate(acl, 'replace');
    await driver.commit();
    expect(await driver.getRunningConfig()).toEqual(canonicalize(acl));
    await driver.loadCandidate(golden(), 'replace');
    await driver.commit();
    expect(await driver.getRunningConfig()).toEqual(canonicalize(golden()));
  });

  it('moves the underlay from OSPF + iBGP to eBGP and back (undo ospf deletes the process)', async () => {
    const driver = await lab.driver();
    const ibgp = fixtureIntent('ibgp-underlay', 'leaf-1');
    await driver.loadCandidate(ibgp, 'replace');
    await driver.commit();
    expect(await driver.getRunningConfig()).toEqual(canonicalize(ibgp));
    await driver.loadCandidate(golden(), 'replace');
    expect(await driver.compare()).toMatch(/^undo ospf 1$/m);
    await driver.commit();
    expect(await driver.getRunningConfig()).toEqual(canonicalize(golden()));
    await driver.loadCandidate(ibgp, 'replace');
    await driver.commit();
    expect(await driver.getRunningConfig()).toEqual(canonicalize(ibgp));
  });

  it('merges: adds the given entries and keeps what running has beyond them', async () => {
    const driver = await lab.driver();
    await driver.loadCandidate(golden(), 'replace');
    await driver.commit();
    const onlyNew = edit(golden(), (x) => {
      x.bridgeDomains = [extraBridgeDomain()];
    });
    await driver.loadCandidate(onlyNew, 'merge');
    expect(await driver.compare()).not.toMatch(/undo/);
    await driver.commit();
    expect(await driver.getRunningConfig()).toEqual(edit(golden(), (x) => x.bridgeDomains.push(extraBridgeDomain())));
  });

  it('compares: the change set as typed, per view; empty when the candidate matches running', async () => {
    const driver = await lab.driver();
    await driver.loadCandidate(golden(), 'replace');
    await driver.commit();
    await driver.loadCandidate(edit(golden(), (x) => (x.interfaces[0]!.description = 'container node worker-9')), 'replace');
    expect(await driver.compare()).toBe('interface 10GE1/0/1\n description container node worker-9\nquit\n');
    await driver.loadCandidate(golden(), 'replace');
    expect(await driver.compare()).toBe('');
  });

  it('discards: the candidate goes, running and the commit log stay as they were', async () => {
    const driver = await lab.driver();
    await driver.loadCandidate(golden(), 'replace');
    await driver.commit();
    await driver.loadCandidate(edit(golden(), (x) => x.bridgeDomains.pop()), 'replace');
    await driver.discard();
    expect(await driver.compare()).toBe('');
    await driver.commit();
    expect(await driver.getRunningConfig()).toEqual(canonicalize(golden()));
    expect(lab.store.commitLog).toHaveLength(1);
  });

  it('rolls a trial commit back when nobody confirms it', async () => {
    const driver = await lab.driver();
    await driver.loadCandidate(golden(), 'replace');
    await driver.commit();
    const changed = edit(golden(), (x) => x.bridgeDomains.push(extraBridgeDomain()));
    await driver.loadCandidate(changed, 'replace');
    await driver.commit({ confirmTimeoutSeconds: 1 });
    expect(await driver.getRunningConfig()).toEqual(changed);
    expect(lab.store.commitLog.at(-1)).toMatchObject({ operation: 'commit', confirmed: true });
    await rolledBack(lab, 1);
    expect(await driver.getRunningConfig()).toEqual(canonicalize(golden()));
    const late = await rejection(driver.confirm());
    expect(late.code).toBe('REJECTED');
    expect(late.message).toMatch(/no trial commit to confirm/);
  });

  it('keeps a confirmed trial commit: confirm ends the trial', async () => {
    const driver = await lab.driver();
    const changed = edit(golden(), (x) => x.bridgeDomains.push(extraBridgeDomain()));
    await driver.loadCandidate(changed, 'replace');
    await driver.commit({ confirmTimeoutSeconds: 30 });
    expect(lab.store.confirmedCommitPending).toBe(true);
    const early = await rejection(driver.loadCandidate(golden(), 'replace'));
    expect(early.code).toBe('REJECTED');
    expect(early.message).toContain('a trial commit is pending');
    await driver.confirm();
    expect(lab.store.confirmedCommitPending).toBe(false);
    expect(lab.store.rollbacks).toEqual([]);
    expect(await driver.getRunningConfig()).toEqual(changed);
  });

  it('confirms a trial from a new login of the driver', async () => {
    const first = await lab.driver();
    await first.loadCandidate(golden(), 'replace');
    await first.commit({ confirmTimeoutSeconds: 30 });
    await first.close();
    const second = await lab.driver();
    await second.confirm();
    expect(lab.store.confirmedCommitPending).toBe(false);
    expect(await second.getRunningConfig()).toEqual(canonicalize(golden()));
  });

  it('rolls back to the configuration before its last commit', async () => {
    const driver = await lab.driver();
    await driver.loadCandidate(golden(), 'replace');
    await driver.commit();
    await driver.loadCandidate(edit(golden(), (x) => x.bridgeDomains.push(extraBridgeDomain())), 'replace');
    await driver.commit();
    await driver.rollback();
    expect(await driver.getRunningConfig()).toEqual(canonicalize(golden()));
    expect(lab.store.commitLog).toHaveLength(3);
  });

  it('rolls back a pending trial commit at once, by the device', async () => {
    const driver = await lab.driver();
    await driver.loadCandidate(golden(), 'replace');
    await driver.commit();
    await driver.loadCandidate(edit(golden(), (x) => x.bridgeDomains.pop()), 'replace');
    await driver.commit({ confirmTimeoutSeconds: 600 });
    await driver.rollback();
    expect(lab.store.confirmedCommitPending).toBe(false);
    expect(lab.store.rollbacks).toHaveLength(1);
    expect(await driver.getRunningConfig()).toEqual(canonicalize(golden()));
  });

  it('refuses to roll back when it has committed nothing, and labelled rollbacks', async () => {
    const driver = await lab.driver();
    expect((await rejection(driver.rollback())).message).toMatch(/no commit of this driver/);
    expect((await rejection(driver.rollback('before-upgrade'))).message).toMatch(/no commit labelled 'before-upgrade'/);
  });

  it('a refused commit discards the candidate: REJECTED with the device message, running unchanged, the session goes on', async () => {
    const driver = await lab.driver();
    await driver.loadCandidate(golden(), 'replace');
    await driver.commit();
    // Spine lines on a leaf: every line is valid VRP, but the whole does not read as the leaf's configuration.
    await driver.loadCandidate(edit(golden(), (x) => (x.role = 'spine')), 'replace');
    expect(await driver.compare()).toContain('undo policy vpn-target');
    const error = await rejection(driver.commit());
    expect(error.code).toBe('REJECTED');
    expect(error.message).toMatch(/refused to commit: .*undo policy vpn-target.*the candidate was discarded/);
    expect(await driver.compare()).toBe('');
    expect(await driver.getRunningConfig()).toEqual(canonicalize(golden()));
    expect(lab.store.commitLog).toHaveLength(1);
    const next = edit(golden(), (x) => x.bridgeDomains.push(extraBridgeDomain()));
    await driver.loadCandidate(next, 'replace');
    await driver.commit();
    expect(await driver.getRunningConfig()).toEqual(next);
  });

  it('a commit refused because NETCONF holds the candidate lock is TRANSIENT, and works once released', async () => {
    const driver = await lab.driver();
    await driver.loadCandidate(golden(), 'replace');
    await driver.commit();
    const netconf = await NetconfClient.connect({ host: '127.0.0.1', port: lab.device.netconf.port, ...USER, verifyHostKey: () => true, connectTimeoutMs: 5_000 });
    try {
      await netconf.lock('candidate');
      const next = edit(golden(), (x) => x.bridgeDomains.push(extraBridgeDomain()));
      await driver.loadCandidate(next, 'replace');
      const error = await rejection(driver.commit());
      expect(error.code).toBe('TRANSIENT');
      expect(error.message).toMatch(/locked/);
      expect(await driver.getRunningConfig()).toEqual(canonicalize(golden()));
      await netconf.unlock('candidate');
      await driver.loadCandidate(next, 'replace');
      await driver.commit();
      expect(await driver.getRunningConfig()).toEqual(next);
    } finally {
      await netconf.close();
    }
  });

  it('refuses an intent the dialect cannot write as VRP commands, before typing anything', async () => {
    const driver = await lab.driver();
    const bad = edit(golden(), (x) => x.interfaces.push({ name: 'Vbdif77', description: 'not a port', role: 'access', mtu: 9000 }));
    const error = await rejection(driver.loadCandidate(bad, 'replace'));
    expect(error.code).toBe('REJECTED');
    expect(error.message).toContain('interfaces[3].name');
    expect(await driver.compare()).toBe('');
  });

  it('reads an empty switch as no intent yet and configures it from scratch', async () => {
    const driver = await lab.driver();
    const error = await rejection(driver.getRunningConfig());
    expect(error.code).toBe('REJECTED');
    expect(error.message).toMatch(/only its sysname/);
  });
});
