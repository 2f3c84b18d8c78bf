import { Injectable } from '@nestjs/common';
import { ConflictError, InvalidValueError, NotFoundError } from '#domain';
import { DeviceError } from '#drivers';
import { DeviceEntity, DeviceHostKeyEntity } from '#persistence';
import { DataSource } from 'typeorm';

const FINGERPRINT = /^SHA256:[A-Za-z0-9+/]{43}=?$/;

export interface HostKeyView {
  deviceId: string;
  pinnedFingerprint: string | null;
  pinnedAt: string | null;
  pendingFingerprint: string | null;
  pendingSeenAt: string | null;
}

/**
 * SSH host-key pinning. The first key a device presents is recorded (trust on first use); the same
 * key later passes; a different key is refused with HOST_KEY and kept as pending until an operator
 * accepts exactly that fingerprint through the API.
 */
@Injectable()
export class HostKeyService {
  constructor(private readonly ds: DataSource) {}

  /** For drivers' host-key verifiers: resolves when the key may be used, throws DeviceError HOST_KEY otherwise. */
  async verify(deviceId: string, fingerprint: string): Promise<void> {
    const refused = await this.ds.transaction(async (em) => {
      const row = await em.findOne(DeviceHostKeyEntity, { where: { deviceId }, lock: { mode: 'pessimistic_write' } });
      if (!row) {
        await em.insert(DeviceHostKeyEntity, { deviceId, pinnedFingerprint: fingerprint, pinnedAt: new Date(), pendingFingerprint: null, pendingSeenAt: null });
        return null;
      }
      if (row.pinnedFingerprint === fingerprint) return null;
      await em.update(DeviceHostKeyEntity, { deviceId }, { pendingFingerprint: fingerprint, pendingSeenAt: new Date() });
      return row.pinnedFingerprint;
    });
    if (refused) {
      const device = await this.ds.manager.findOneBy(DeviceEntity, { id: deviceId });
      throw new DeviceError(
        'HOST_KEY',
        `device ${device?.name ?? deviceId} presented host key ${fingerprint}, not the pinned ${refused}; if the device was legitimately re-keyed, accept it with POST /api/v1/devices/${deviceId}/host-key/accept`,
      );
    }
  }

  async get(deviceId: string): Promise<HostKeyView> {
    await this.device(deviceId);
    const row = await this.ds.manager.findOneBy(DeviceHostKeyEntity, { deviceId });
    return {
      deviceId,
      pinnedFingerprint: row?.pinnedFingerprint ?? null,
      pinnedAt: row?.pinnedAt.toISOString() ?? null,
      pendingFingerprint: row?.pendingFingerprint ?? null,
      pendingSeenAt: row?.pendingSeenAt?.toISOString() ?? null,
    };
  }

  /** Pin the pending key — only the exact fingerprint the operator read, so a third key is not accepted blindly. */
  async accept(deviceId: string, fingerprint: string): Promise<HostKeyView> {
    if (!FINGERPRINT.test(fingerprint)) throw new InvalidValueError(`fingerprint must look like SHA256:<43 base64 characters>, got '${fingerprint}'`, 'fingerprint');
    await this.device(deviceId);
    await this.ds.transaction(async (em) => {
      const row = await em.findOne(DeviceHostKeyEntity, { where: { deviceId }, lock: { mode: 'pessimistic_write' } });
      if (!row?.pendingFingerprint) throw new ConflictError('this device has no pending host key to accept', 'fingerprint');
      if (row.pendingFingerprint !== fingerprint) {
        throw new ConflictError(`the pending host key is ${row.pendingFingerprint}, not ${fingerprint}; accept the key the device presented`, 'fingerprint');
      }
      await em.update(DeviceHostKeyEntity, { deviceId }, { pinnedFingerprint: fingerprint, pinnedAt: new Date(), pendingFingerprint: null, pendingSeenAt: null });
    });
    return this.get(deviceId);
  }

  /** Forget the pinned key: the next connection pins whatever the device presents. */
  async reset(deviceId: string): Promise<void> {
    await this.device(deviceId);
    await this.ds.manager.delete(DeviceHostKeyEntity, { deviceId });
  }

  private async device(id: string): Promise<DeviceEntity> {
    const d = await this.ds.manager.findOneBy(DeviceEntity, { id });
    if (!d) throw new NotFoundError(`no device with id ${id}`);
    return d;
  }
}
