import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataSource } from 'typeorm';
import { DeviceError, type HostKeyVerifier } from '#drivers';
import { expectStatus } from '#testing';
import { DeviceTargets } from '../apps/controller/src/host-keys/device-targets.js';
import { NetconfTestLab } from '../apps/switch-emulator/test/support/netconf-test-lab.js';
import { startTestController, type TestController } from './support/controller.harness.js';

/** Trust on first use, refuse a changed key, and let an operator accept it: over real SSH. */
describe('SSH host-key pinning', () => {
  let c: TestController;
  let lab: NetconfTestLab;
  let deviceId: string;
  let verifier: HostKeyVerifier;
  beforeAll(async () => {
    c = await startTestController();
    lab = await NetconfTestLab.start();
    const fabric = expectStatus(await c.api.post('/fabrics', { name: 'dc1', asn: 65000 }), 201);
    deviceId = expectStatus(
      await c.api.post('/devices', { fabricId: fabric.id, name: 'leaf-1', role: 'leaf', platform: 'ce-netconf', managementHost: '127.0.0.1', managementPort: lab.server.port, username: 'admin', password: 'admin-password', loopbackIp: '10.255.0.11' }),
      201,
    ).id;
    verifier = (await c.running.app.get(DeviceTargets).forDevice(deviceId)).verifyHostKey;
  });
  afterAll(async () => {
    await lab?.close();
    await c?.close();
  });

  it('pins the first key, refuses a changed one until an admin accepts exactly it', async () => {
    const first = lab.server.hostKey.fingerprint;
    const client = await lab.connect({ verifyHostKey: verifier });
    await client.close();
    expect(expectStatus(await c.api.get(`/devices/${deviceId}/host-key`), 200)).toMatchObject({ pinnedFingerprint: first, pendingFingerprint: null });

    // The switch is re-keyed: a new host key on disk, same address.
    await lab.server.close();
    rmSync(lab.hostKeyPath, { force: true });
    await lab.startServer();
    const second = lab.server.hostKey.fingerprint;
    expect(second).not.toBe(first);
    const refused = await lab.connect({ verifyHostKey: verifier, port: lab.server.port }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(DeviceError);
    expect(refused).toMatchObject({ code: 'HOST_KEY', retryable: false, message: expect.stringContaining(`not the pinned ${first}`) });
    expect(expectStatus(await c.api.get(`/devices/${deviceId}/host-key`), 200)).toMatchObject({ pinnedFingerprint: first, pendingFingerprint: second });

    // Only an admin, and only for the exact pending fingerprint.
    const operator = expectStatus(await c.api.post('/tokens', { name: 'op', role: 'operator' }), 201).token;
    expect((await c.api.as(operator).post(`/devices/${deviceId}/host-key/accept`, { fingerprint: second })).status).toBe(403);
    const wrong = await c.api.post(`/devices/${deviceId}/host-key/accept`, { fingerprint: first });
    expect(wrong.status).toBe(409);
    expect(expectStatus(await c.api.post(`/devices/${deviceId}/host-key/accept`, { fingerprint: second }), 200)).toMatchObject({ pinnedFingerprint: second, pendingFingerprint: null });

    const again = await lab.connect({ verifyHostKey: verifier, port: lab.server.port });
    await again.close();
  });

  it('keeps device keys away from tenant-scoped tokens and answers 404 for unknown devices', async () => {
    const tenant = expectStatus(await c.api.post('/tenants', { name: 'acme' }), 201);
    const token = expectStatus(await c.api.post('/tokens', { name: 't', role: 'viewer', tenantId: tenant.id }), 201).token;
    expect((await c.api.as(token).get(`/devices/${deviceId}/host-key`)).status).toBe(404);
    expect((await c.api.get('/devices/00000000-0000-4000-8000-000000000000/host-key')).status).toBe(404);
    expect((await c.api.post(`/devices/${deviceId}/host-key/accept`, { fingerprint: 'nope' })).status).toBe(422);
  });

  it('stores the device password sealed and hands drivers the opened one', async () => {
    const [row] = await c.running.app.get(DataSource).query('SELECT password_sealed FROM devices WHERE id = $1', [deviceId]);
    expect(row.password_sealed).toMatch(/^v1\./);
    expect(row.password_sealed).not.toContain('admin-password');
    const { target } = await c.running.app.get(DeviceTargets).forDevice(deviceId);
    expect(target).toMatchObject({ name: 'leaf-1', platform: 'ce-netconf', host: '127.0.0.1', username: 'admin', password: 'admin-password' });
    // The opened password really logs in to the switch.
    const client = await lab.connect({ password: target.password, verifyHostKey: () => true });
    await client.close();
  });
});
