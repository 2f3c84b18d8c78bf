import { canonicalize, type DeviceIntent } from '#intent';
import { ceNetconfDialect, diffIntent } from '#dialects';
import { DeviceError, NetconfRpcError, type NetconfClient } from '#drivers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eventually } from './support/netconf-test-lab.js';
import { DeviceTestLab, fixtureIntent } from './support/device-test-lab.js';

const BASE = 'urn:ietf:params:xml:ns:netconf:base:1.0';
const NI = 'http://openconfig.net/yang/network-instance';
const IF = 'http://openconfig.net/yang/interfaces';
const context = { device: 'leaf-1', role: 'leaf' as const };
const leaf1 = (): DeviceIntent => fixtureIntent('l2-bridge', 'leaf-1');
const config = (inner: string) => `<config xmlns="${BASE}" xmlns:nc="${BASE}">${inner}</config>`;
const parse = (data: string) => ceNetconfDialect.parse(data, context);

/** An edit of bridge domain 10001's VNI, as a switch operator would write it. */
const vniEdit = (vni: number) =>
  config(
    `<network-instances xmlns="${NI}"><network-instance><name>BD10001</name><evpn><evpn-instances><evpn-instance><evi>10001</evi>` +
      `<vxlan><config><vni>${vni}</vni></config></vxlan></evpn-instance></evpn-instances></evpn></network-instance></network-instances>`,
  );
const descriptionEdit = (name: string, description: string) =>
  `<interfaces xmlns="${IF}"><interface><name>${name}</name><config><description>${description}</description></config></interface></interfaces>`;

async function rpcError(promise: Promise<unknown>): Promise<NetconfRpcError> {
  const outcome = await promise.then(
    () => undefined,
    (error: unknown) => error,
  );
  if (!(outcome instanceof NetconfRpcError)) throw new Error(`expected an rpc-error, got ${outcome instanceof DeviceError ? outcome.message : String(outcome)}`);
  return outcome;
}

describe('emulated switch datastore over NETCONF', () => {
  let lab: DeviceTestLab;
  let session: NetconfClient;

  beforeEach(async () => {
    lab = await DeviceTestLab.start('leaf-1', 'leaf');
    session = await lab.connect();
  });
  afterEach(async () => {
    await lab?.close();
  });

  /** Puts the golden intent in running through the candidate. */
  async function provision(intent = leaf1()): Promise<void> {
    await session.editConfig('candidate', ceNetconfDialect.render(intent));
    await session.commit();
  }

  it('starts with only its hostname', async () => {
    const running = await session.getConfig('running');
    expect(running).toContain('<hostname>leaf-1</hostname>');
    expect(running).not.toContain('network-instances');
  });

  it('takes a full rendered config into the candidate, commits it, and gives back the same intent', async () => {
    await session.lock('candidate');
    await session.editConfig('candidate', ceNetconfDialect.render(leaf1()));
    expect(await session.getConfig('running')).not.toContain('network-instances');
    await session.validate('candidate');
    await session.commit();
    await session.unlock('candidate');
    expect(parse(await session.getConfig('running'))).toEqual(canonicalize(leaf1()));
    expect(lab.store.commitLog).toEqual([expect.objectContaining({ sessionId: session.sessionId, username: 'admin', operation: 'commit', confirmed: false })]);
  });

  it('answers a subtree filter with the named top-level containers only', async () => {
    await provision();
    const data = await session.getConfig('running', { subtree: `<interfaces xmlns="${IF}"/>` });
    expect(data).toContain('<interfaces');
    expect(data).not.toContain('network-instances');
  });

  it('applies the dialect\'s change set as an edit-config and ends exactly at the desired intent', async () => {
    const a = leaf1();
    await session.editConfig('running', ceNetconfDialect.render(a));
    const b = leaf1();
    b.bridgeDomains = b.bridgeDomains.filter((bd) => bd.id !== 10002);
    b.bridgeDomains[0]!.description = 'blue/web-renamed';
    b.bridgeDomains.push({ ...structuredClone(b.bridgeDomains[0]!), id: 10003, l2Vni: 10003, description: 'blue/cache', routeDistinguisher: '65000:10003', importRouteTargets: ['65000:10003'], exportRouteTargets: ['65000:10003'], gateway: { ip: '10.1.3.1', prefixLength: 24, mac: '00:00:5e:00:01:01' }, attachments: [{ interface: '10GE1/0/1', vlan: 102 }] });
    const edit = ceNetconfDialect.renderChanges(diffIntent(a, b), a, b);
    expect(edit).toContain('operation="delete"');
    await session.editConfig('running', edit);
    expect(parse(await session.getConfig('running'))).toEqual(canonicalize(b));
  });

  it('refuses a VNI of 16777215 with invalid-value at its path and leaves running unchanged', async () => {
    await provision();
    const before = await session.getConfig('running');
    const error = await rpcError(session.editConfig('running', vniEdit(16_777_215)));
    expect(error.first).toMatchObject({
      type: 'application',
      tag: 'invalid-value',
      path: '/network-instances/network-instance[name=BD10001]/evpn/evpn-instances/evpn-instance[evi=10001]/vxlan/config/vni',
    });
    expect(error.first.message).toMatch(/16777215 is out of range/);
    expect(await session.getConfig('running')).toBe(before);
  });

  it('finds the same bad VNI in the candidate only at validate and commit', async () => {
    await provision();
    await session.editConfig('candidate', vniEdit(16_777_215));
    expect((await rpcError(session.validate('candidate'))).first.tag).toBe('invalid-value');
    expect((await rpcError(session.commit())).first.path).toMatch(/evpn-instance\[evi=10001\]\/vxlan\/config\/vni$/);
    expect(parse(await session.getConfig('running'))).toEqual(canonicalize(leaf1()));
    expect(lab.store.commitLog).toHaveLength(1);
  });

  it('refuses unknown elements: a top-level one at once, a nested one when the config is validated', async () => {
    await provision();
    const top = await rpcError(session.editConfig('candidate', config('<vlans xmlns="urn:example:vlans"><vlan><id>5</id></vlan></vlans>')));
    expect(top.first).toMatchObject({ type: 'application', tag: 'unknown-namespace', path: '/vlans' });
    const nested = await rpcError(
      session.editConfig('running', config(`<interfaces xmlns="${IF}"><interface><name>10GE1/0/1</name><config><speed>100G</speed></config></interface></interfaces>`)),
    );
    expect(nested.first).toMatchObject({ type: 'application', tag: 'unknown-element', path: '/interfaces/interface[name=10GE1/0/1]/config/speed' });
  });

  it('refuses an ACL bound to a bridge domain that is not configured (a check the parser leaves to the switch)', async () => {
    const intent = leaf1();
    intent.acls = [{ name: 'web-in', rules: [{ sequence: 10, action: 'permit', protocol: 'tcp', source: 'any', destination: '10.1.1.0/24', destinationPort: '443' }], bindings: [{ bridgeDomain: 10099, direction: 'inbound' }] }];
    const error = await rpcError(session.editConfig('running', ceNetconfDialect.render(intent)));
    expect(error.first).toMatchObject({ tag: 'invalid-value', path: '/acl/interfaces/interface[id=BD10099]/config/spx:bridge-domain' });
    expect(await session.getConfig('running')).not.toContain('network-instances');
  });

  it('denies a second lock naming the holder, refuses its edits, and frees the lock when the holder goes', async () => {
    await session.lock('candidate');
    const other = await lab.connect();
    const denied = await rpcError(other.lock('candidate'));
    expect(denied.first).toMatchObject({ type: 'protocol', tag: 'lock-denied', info: { 'session-id': String(session.sessionId) } });
    expect(denied.first.message).toContain(`session ${session.sessionId}`);
    expect((await rpcError(other.editConfig('candidate', config(descriptionEdit('10GE1/0/1', 'x'))))).first.tag).toBe('in-use');
    await session.close();
    await eventually(() => lab.store.lockHolder('candidate') === undefined);
    await other.lock('candidate');
  });

  it('rolls running back by itself when a confirmed commit is not confirmed in time', async () => {
    await session.editConfig('candidate', ceNetconfDialect.render(leaf1()));
    await session.commit({ confirmed: true, confirmTimeout: 1 });
    expect(parse(await session.getConfig('running'))).toEqual(canonicalize(leaf1()));
    await eventually(() => lab.store.rollbacks.length === 1, 5_000);
    expect(lab.store.rollbacks[0]).toMatch(/confirm-timeout of 1 s expired/);
    expect(await session.getConfig('running')).not.toContain('network-instances');
    expect(lab.store.commitLog).toEqual([expect.objectContaining({ confirmed: true })]);
  });

  it('rolls back an unpersisted confirmed commit when its session ends', async () => {
    const committer = await lab.connect();
    await committer.editConfig('candidate', ceNetconfDialect.render(leaf1()));
    await committer.commit({ confirmed: true, confirmTimeout: 60 });
    expect((await rpcError(session.commit())).first).toMatchObject({ tag: 'in-use', info: { 'session-id': String(committer.sessionId) } });
    await committer.close();
    await eventually(() => lab.store.rollbacks.length === 1);
    expect(lab.store.rollbacks[0]).toMatch(/ended/);
    expect(await session.getConfig('running')).not.toContain('network-instances');
  });

  it('keeps a confirmed commit that is confirmed, and undoes one that is cancelled', async () => {
    await session.editConfig('candidate', ceNetconfDialect.render(leaf1()));
    await session.commit({ confirmed: true, confirmTimeout: 60, persist: 'token-1' });
    await session.commit({ persistId: 'token-1' });
    expect(lab.store.confirmedCommitPending).toBe(false);
    await session.editConfig('candidate', config(descriptionEdit('10GE1/0/1', 'changed')));
    await session.commit({ confirmed: true, confirmTimeout: 60 });
    await session.cancelCommit();
    expect(parse(await session.getConfig('running'))).toEqual(canonicalize(leaf1()));
  });

  it('leaves the datastore untouched on rollback-on-error, and keeps earlier changes on stop-on-error', async () => {
    await provision();
    const before = await session.getConfig('candidate');
    const edit = config(descriptionEdit('10GE1/0/1', 'first part') + `<network-instances xmlns="${NI}"><network-instance nc:operation="delete"><name>BD4242</name></network-instance></network-instances>`);
    const error = await rpcError(session.editConfig('candidate', edit, { errorOption: 'rollback-on-error' }));
    expect(error.first.tag).toBe('data-missing');
    expect(await session.getConfig('candidate')).toBe(before);
    await rpcError(session.editConfig('candidate', edit, { errorOption: 'stop-on-error' }));
    expect(await session.getConfig('candidate')).toContain('first part');
  });

  it('answers data-missing for a delete of a missing entry, data-exists for a create of an existing one, and nothing for remove', async () => {
    await provision();
    const missing = await rpcError(session.editConfig('running', config(`<network-instances xmlns="${NI}"><network-instance nc:operation="delete"><name>BD4242</name></network-instance></network-instances>`)));
    expect(missing.first).toMatchObject({ type: 'application', tag: 'data-missing', path: '/network-instances/network-instance[name=BD4242]' });
    await session.editConfig('running', config(`<network-instances xmlns="${NI}"><network-instance nc:operation="remove"><name>BD4242</name></network-instance></network-instances>`));
    const exists = await rpcError(session.editConfig('candidate', config(`<interfaces xmlns="${IF}"><interface nc:operation="create"><name>10GE1/0/1</name></interface></interfaces>`)));
    expect(exists.first).toMatchObject({ tag: 'data-exists', path: '/interfaces/interface[name=10GE1/0/1]' });
  });
});
