import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type LinkTrapEvent, SnmpPoller, type SnmpTrapEvent, SnmpTrapReceiver } from '#drivers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSwitchArgs } from '../../cli/src/switch-command.js';
import { type EmulatedSwitch, startEmulatedSwitch } from '../src/emulated-switch.js';
import { connectPorts } from '../src/oper/cabling.js';
import { eventually } from './support/oper-fabric.js';

const COMMUNITY = 'leaf1-ro';

/**
 * `spinel switch --snmp-port … --trap-receiver …`: the agent of a whole emulated switch serves its
 * real operational state, and a cable pulled between two switches is a linkDown trap.
 */
describe('an emulated switch started with SNMP flags', () => {
  const dir = mkdtempSync(join(tmpdir(), 'spinel-snmp-switch-'));
  const traps: SnmpTrapEvent[] = [];
  let receiver: SnmpTrapReceiver;
  let leaf: EmulatedSwitch;
  let spine: EmulatedSwitch;

  beforeAll(async () => {
    receiver = await SnmpTrapReceiver.start({ port: 0, communities: [COMMUNITY], onTrap: (event) => traps.push(event) });
    const env = { SWITCH_PASSWORD: 'pw' };
    const common = ['--cli-port', '0', '--netconf-port', '0', '--username', 'admin', '--password-env', 'SWITCH_PASSWORD'];
    leaf = await startEmulatedSwitch(
      parseSwitchArgs(['--name', 'leaf1', '--role', 'leaf', ...common, '--state-dir', join(dir, 'leaf1'), '--snmp-port', '0', '--snmp-community', COMMUNITY, '--trap-receiver', `127.0.0.1:${receiver.port}`], env),
    );
    spine = await startEmulatedSwitch(parseSwitchArgs(['--name', 'spine1', '--role', 'spine', ...common, '--state-dir', join(dir, 'spine1')], env));
  });
  afterAll(async () => {
    await leaf?.close();
    await spine?.close();
    await receiver?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const linkTraps = (kind: LinkTrapEvent['kind']) => traps.filter((t): t is LinkTrapEvent => t.kind === kind);

  it('serves every chassis port of the switch with its ifIndex, and only the switch that asked for SNMP has an agent', async () => {
    expect(spine.snmp).toBeUndefined();
    const polled = await new SnmpPoller({ timeoutMs: 2000 }).pollInterfaces({ host: '127.0.0.1', port: leaf.snmp!.port, community: COMMUNITY });
    const view = leaf.oper.interfaces();
    expect(polled.map((i) => [i.ifIndex, i.name])).toEqual(view.map((i) => [i.ifIndex, i.name]));
    expect(polled.find((i) => i.name === '100GE1/0/1')).toMatchObject({ operUp: false, counterBits: 64 });
  });

  it('a cable plugged in is a linkUp trap and moving counters; pulled out, a linkDown trap', async () => {
    const cable = connectPorts(leaf, '100GE1/0/1', spine, '10GE1/0/1');
    const ifIndex = leaf.oper.interfaces().find((i) => i.name === '100GE1/0/1')!.ifIndex;
    await eventually(() => expect(linkTraps('linkUp').map((t) => t.ifIndex)).toContain(ifIndex));
    const poller = new SnmpPoller({ timeoutMs: 2000 });
    const target = { host: '127.0.0.1', port: leaf.snmp!.port, community: COMMUNITY };
    const first = (await poller.pollInterfaces(target)).find((i) => i.ifIndex === ifIndex)!;
    expect(first.operUp).toBe(true);
    await eventually(async () => {
      const again = (await poller.pollInterfaces(target)).find((i) => i.ifIndex === ifIndex)!;
      expect(again.inOctets).toBeGreaterThan(first.inOctets);
    });

    cable.disconnect();
    await eventually(() => expect(linkTraps('linkDown').find((t) => t.ifIndex === ifIndex)).toMatchObject({ community: COMMUNITY, operUp: false, adminUp: true }));
    expect((await poller.pollInterfaces(target)).find((i) => i.ifIndex === ifIndex)!.operUp).toBe(false);
  });
});
