import { execFileSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';
import { Capability, type NetconfClient, NetconfRpcError, NETCONF_BASE_NS, XmlElement } from '#drivers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NetconfdLab } from './netconfd-lab.js';

// Interoperability with software nobody here wrote: Spinel's NetconfClient against yuma123's
// netconfd (Debian's package) behind OpenSSH. Expected values are what netconfd 2.13 sends.

const IF_NS = 'urn:ietf:params:xml:ns:yang:ietf-interfaces';
const IANA_IF_NS = 'urn:ietf:params:xml:ns:yang:iana-if-type';
/** The default socket of a netconfd started without --ncxserver-sockname. */
const DEFAULT_SOCKET = '/tmp/ncxserver.sock';

// netconfd's ietf-interfaces module runs `ifconfig <name> up` for every enabled interface it
// commits: the names must not exist on the machine.
function interfaceConfig(name: string, inner: string): string {
  return `<interfaces xmlns="${IF_NS}"><interface><name>${name}</name>${inner}</interface></interfaces>`;
}

function ethernet(name: string, description: string): string {
  return interfaceConfig(name, `<description>${description}</description><type xmlns:ianaift="${IANA_IF_NS}">ianaift:ethernetCsmacd</type>`);
}

/** The description of interface `name` in `datastore`, undefined when the interface is absent. */
async function descriptionIn(client: NetconfClient, datastore: 'running' | 'candidate', name: string): Promise<string | undefined> {
  const data = XmlElement.parseDocument(await client.getConfig(datastore, { subtree: interfaceConfig(name, '') }));
  const found = data
    .child('interfaces', IF_NS)
    ?.children()
    .find((i) => i.child('name')?.text() === name);
  return found ? (found.child('description')?.text() ?? '') : undefined;
}

async function rpcErrorOf(attempt: Promise<unknown>): Promise<NetconfRpcError> {
  const error = await attempt.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(NetconfRpcError);
  return error as NetconfRpcError;
}

let lab: NetconfdLab;
let staleSocketCreated = false;

beforeAll(async () => {
  // A socket left behind by a netconfd started elsewhere must not get in the lab's way.
  if (!existsSync(DEFAULT_SOCKET)) {
    execFileSync('/usr/bin/python3', ['-c', `import socket; socket.socket(socket.AF_UNIX).bind(${JSON.stringify(DEFAULT_SOCKET)})`]);
    staleSocketCreated = true;
  }
  lab = await NetconfdLab.start();
});

afterAll(async () => {
  await lab?.close();
  if (staleSocketCreated) rmSync(DEFAULT_SOCKET, { force: true });
});

describe.each([
  { framing: 'chunked', capabilities: undefined, iface: 'spx-chunked' },
  { framing: 'eom', capabilities: [Capability.base10], iface: 'spx-eom' },
] as const)('Spinel NetconfClient against netconfd, $framing framing', ({ framing, capabilities, iface }) => {
  let client: NetconfClient;

  beforeAll(async () => {
    client = await lab.connect(capabilities ? { capabilities } : {});
  });

  it('exchanges hellos: a session id, the capabilities Spinel relies on, and the framing both announced', () => {
    expect(client.sessionId).toBeGreaterThan(0);
    expect(client.framing).toBe(framing);
    for (const uri of [Capability.base10, Capability.base11, Capability.candidate, Capability.confirmedCommit10, Capability.confirmedCommit11, Capability.validate10, Capability.validate11]) {
      expect(client.hasCapability(uri), uri).toBe(true);
    }
    // YANG modules are announced with their revision; hasCapability ignores the query.
    expect(client.hasCapability(IF_NS)).toBe(true);
    expect(client.hasCapability('urn:ietf:params:xml:ns:yang:ietf-ip')).toBe(true);
  });

  it('reads the running configuration as a <data> element in the NETCONF namespace', async () => {
    const data = XmlElement.parseDocument(await client.getConfig('running'));
    expect(data.local).toBe('data');
    expect(data.namespace).toBe(NETCONF_BASE_NS);
    expect(data.child('nacm', 'urn:ietf:params:xml:ns:yang:ietf-netconf-acm')).toBeDefined();
  });

  it('edits an ietf-interfaces interface on the candidate under lock, commits, and reads it back from running', async () => {
    await client.lock('candidate');
    try {
      await client.editConfig('candidate', ethernet(iface, 'uplink to spine1'));
      expect(await descriptionIn(client, 'candidate', iface)).toBe('uplink to spine1');
      expect(await descriptionIn(client, 'running', iface)).toBeUndefined();
      await client.commit();
      expect(await descriptionIn(client, 'running', iface)).toBe('uplink to spine1');

      // A second merge changes one leaf of the committed interface.
      await client.editConfig('candidate', interfaceConfig(iface, '<description>uplink to spine2</description>'));
      await client.commit();
      expect(await descriptionIn(client, 'running', iface)).toBe('uplink to spine2');
    } finally {
      await client.unlock('candidate');
    }
  });

  it('turns an invalid value into a NetconfRpcError with the type, tag, path and info netconfd sent', async () => {
    const error = await rpcErrorOf(client.editConfig('candidate', interfaceConfig(iface, '<enabled>maybe</enabled>')));
    expect(error.code).toBe('REJECTED');
    expect(error.errorType).toBe('protocol');
    expect(error.errorTag).toBe('invalid-value');
    expect(error.errorPath).toBe(`/nc:rpc/nc:edit-config/nc:config/if:interfaces/if:interface[if:name='${iface}']/if:enabled`);
    expect(error.errorMessage).toBe('invalid value');
    expect(error.errorInfo['bad-value']).toBe('maybe');
    expect(error.message).toContain('rpc-error invalid-value (protocol)');
    await client.discardChanges();
  });
});

describe('Spinel NetconfClient against netconfd: rpc-errors', () => {
  it('reports an unknown element with bad-element, and a missing mandatory leaf as data-missing', async () => {
    const client = await lab.connect();
    const unknown = await rpcErrorOf(client.editConfig('candidate', interfaceConfig('spx-err', '<colour>red</colour>')));
    expect(unknown).toMatchObject({ code: 'REJECTED', errorType: 'protocol', errorTag: 'unknown-element' });
    expect(unknown.errorPath).toBe(`/nc:rpc/nc:edit-config/nc:config/if:interfaces/if:interface[if:name='spx-err']`);
    expect(unknown.errorInfo['bad-element']).toBe('if:colour');

    // netconfd checks mandatory leaves at edit time, even on the candidate (an interface needs a type).
    const missing = await rpcErrorOf(client.editConfig('candidate', interfaceConfig('spx-err', '<description>no type</description>')));
    expect(missing).toMatchObject({ code: 'REJECTED', errorType: 'application', errorTag: 'data-missing' });
    expect(missing.errorPath).toBe(`/if:interfaces/if:interface[if:name='spx-err']/if:type`);
    expect(missing.errorMessage).toBe('required value instance not found');
    expect(await descriptionIn(client, 'candidate', 'spx-err')).toBeUndefined();
  });

  it('answers lock-denied (naming the holder) and in-use to a second session while the first holds the candidate', async () => {
    const holder = await lab.connect();
    const other = await lab.connect();
    await holder.lock('candidate');

    const denied = await rpcErrorOf(other.lock('candidate'));
    expect(denied).toMatchObject({ code: 'TRANSIENT', errorType: 'protocol', errorTag: 'lock-denied' });
    expect(denied.errorInfo['session-id']).toBe(String(holder.sessionId));
    expect(denied.retryable).toBe(true);

    const inUse = await rpcErrorOf(other.editConfig('candidate', ethernet('spx-lock', 'not while locked')));
    expect(inUse).toMatchObject({ code: 'TRANSIENT', errorType: 'application', errorTag: 'in-use' });

    // close() sends <close-session>: netconfd releases the lock at once.
    await holder.close();
    await other.lock('candidate');
    await other.unlock('candidate');
  });

  it('kills another session, which frees its lock and ends that client with a TRANSIENT reason', async () => {
    const victim = await lab.connect();
    const admin = await lab.connect();
    await victim.lock('candidate');
    const ended = new Promise<string>((resolve) => victim.onClose((reason) => resolve(reason.code)));
    await admin.killSession(victim.sessionId);
    expect(await ended).toBe('TRANSIENT');
    expect(victim.isOpen).toBe(false);
    await admin.lock('candidate');
    await admin.unlock('candidate');
  });
});

describe('Spinel NetconfClient against netconfd: validate and confirmed commit', () => {
  let client: NetconfClient;

  beforeAll(async () => {
    client = await lab.connect();
  });

  it('validates the candidate and inline configurations, and reports what an incomplete one lacks', async () => {
    await client.editConfig('candidate', ethernet('spx-valid', 'validated'));
    await client.validate('candidate');
    await client.validate({ config: ethernet('spx-inline', 'complete') });
    const error = await rpcErrorOf(client.validate({ config: interfaceConfig('spx-inline', '<description>no type</description>') }));
    expect(error).toMatchObject({ code: 'REJECTED', errorTag: 'data-missing' });
    await client.discardChanges();
  });

  it('netconfd 2.13 trap: a <commit> right after <validate> of the candidate answers <ok/> but applies nothing', async () => {
    // Pinned so docs/interop.md stays true: against this server, validate an inline <config>
    // (or not at all: commit validates) and read running back after committing.
    await client.editConfig('candidate', ethernet('spx-trap', 'validated first'));
    await client.validate('candidate');
    await client.commit();
    expect(await descriptionIn(client, 'running', 'spx-trap')).toBeUndefined();
    expect(await descriptionIn(client, 'candidate', 'spx-trap')).toBeUndefined();

    await client.editConfig('candidate', ethernet('spx-trap', 'committed'));
    await client.commit();
    expect(await descriptionIn(client, 'running', 'spx-trap')).toBe('committed');
  });

  it('rolls a confirmed commit back on <cancel-commit>', async () => {
    await client.editConfig('candidate', ethernet('spx-confirm', 'kept'));
    await client.commit();
    await client.editConfig('candidate', interfaceConfig('spx-confirm', '<description>provisional</description>'));
    await client.commit({ confirmed: true, confirmTimeout: 120 });
    expect(await descriptionIn(client, 'running', 'spx-confirm')).toBe('provisional');

    await client.cancelCommit();
    expect(await descriptionIn(client, 'running', 'spx-confirm')).toBe('kept');
    expect(await descriptionIn(client, 'candidate', 'spx-confirm')).toBe('kept');
  });

  it('rolls an unconfirmed commit back when its confirm-timeout expires', async () => {
    await client.editConfig('candidate', interfaceConfig('spx-confirm', '<description>unconfirmed</description>'));
    await client.commit({ confirmed: true, confirmTimeout: 1 });
    expect(await descriptionIn(client, 'running', 'spx-confirm')).toBe('unconfirmed');

    // netconfd runs its timers only when it has been idle for about a second: poll slowly.
    const deadline = Date.now() + 20_000;
    let running = await descriptionIn(client, 'running', 'spx-confirm');
    while (running === 'unconfirmed' && Date.now() < deadline) {
      await delay(1_500);
      running = await descriptionIn(client, 'running', 'spx-confirm');
    }
    expect(running, `netconfd did not roll back within 20 s\n${lab.logs()}`).toBe('kept');
  });

  it('reads operational state through <get>: the loopback with the address the get-interface-ipv4 helper reported', async () => {
    const data = XmlElement.parseDocument(await client.get({ subtree: `<interfaces-state xmlns="${IF_NS}"><interface><name>lo</name></interface></interfaces-state>` }));
    const lo = data.child('interfaces-state', IF_NS)?.child('interface');
    expect(lo?.child('name')?.text()).toBe('lo');
    expect(lo?.child('statistics')?.child('in-octets')?.text()).toMatch(/^\d+$/);
    const address = lo?.child('ipv4', 'urn:ietf:params:xml:ns:yang:ietf-ip')?.child('address');
    expect(address?.child('ip')?.text()).toBe('127.0.0.1');
    expect(address?.child('prefix-length')?.text()).toBe('8');
  });
});
