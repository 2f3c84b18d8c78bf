import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CeNetconfDriver, type NetconfClient } from '#drivers';
import { NetconfTestLab, USER } from '../../../../apps/switch-emulator/test/support/netconf-test-lab.js';
import { deviceError } from '../contract/driver-contract.js';

const SYSTEM = '<system xmlns="http://openconfig.net/yang/system"><config><hostname>leaf-1</hostname></config></system>';
const IF_NS = 'http://openconfig.net/yang/interfaces';

/**
 * The ce-netconf driver against a NETCONF server that keeps whatever XML it is given (the
 * transport test datastore): what the driver makes of replies a CloudEngine should never send.
 */
describe('ce-netconf driver: device replies it cannot use', () => {
  let lab: NetconfTestLab;
  let operator: NetconfClient;
  let driver: CeNetconfDriver;

  beforeEach(async () => {
    lab = await NetconfTestLab.start();
    operator = await lab.connect();
    driver = new CeNetconfDriver({ name: 'leaf-1', role: 'leaf', platform: 'ce-netconf', host: '127.0.0.1', port: lab.server.port, ...USER, pinnedHostKey: lab.server.hostKey.fingerprint, timeoutMs: 5_000 });
    await driver.open();
  });
  afterEach(async () => {
    await driver?.close();
    await lab?.close();
  });

  it('says a switch with only its hostname runs no Spinel configuration yet', async () => {
    await operator.editConfig('running', SYSTEM);
    const error = await deviceError(driver.getRunningConfig());
    expect(error).toMatchObject({ code: 'REJECTED', message: expect.stringContaining('runs no Spinel configuration yet') });
  });

  it('answers a running configuration that is not an intent with PROTOCOL naming the node', async () => {
    await operator.editConfig('running', `${SYSTEM}<interfaces xmlns="${IF_NS}"><interface><name>10GE1/0/1</name></interface></interfaces>`);
    const error = await deviceError(driver.getRunningConfig());
    expect(error.code).toBe('PROTOCOL');
    expect(error.message).toMatch(/^the running configuration of leaf-1 \(127\.0\.0\.1:\d+\) does not read as a Spinel device intent: .*\//);
  });

  it('answers a <get> without the state layout with PROTOCOL naming what is missing', async () => {
    await operator.editConfig('running', `${SYSTEM}<interfaces xmlns="${IF_NS}"><interface><name>10GE1/0/1</name></interface></interfaces>`);
    expect((await deviceError(driver.facts())).message).toBe('bad device reply: /system/state is missing');
    expect((await deviceError(driver.interfaces())).message).toBe('bad device reply: /interfaces/interface[name=10GE1/0/1]/state is missing');
    // Containers the device does not have are empty lists, not errors.
    expect(await driver.lldpNeighbors()).toEqual([]);
    expect(await driver.evpnRoutes()).toEqual([]);
  });
});
