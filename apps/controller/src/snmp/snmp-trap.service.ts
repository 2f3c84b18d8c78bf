import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { type LinkTrapEvent, type SnmpTrapEvent, SnmpTrapReceiver } from '#drivers';
import { DataSource } from 'typeorm';
import { SPINEL_CONFIG, type SpinelConfig } from '../config.js';
import { CredentialVault } from '../credentials/credential-vault.js';
import { DeviceInterfaceStore } from './device-interface.store.js';

/** What became of one trap (returned for tests and logs). */
export type TrapOutcome =
  | { applied: true; deviceId: string; ifIndex: number; name: string }
  | { applied: false; reason: string };

/**
 * Receives SNMP traps when SPINEL_SNMP_TRAP_PORT is set, and applies linkUp/linkDown to the stored
 * interface status. The sender is recognized by its address (the device's management host, as a
 * literal) among SNMP-enabled devices, and must use that device's community; when several devices
 * share an address (emulators on one loopback), the community and the interface named in the trap
 * must single one out. Anything else is logged and ignored.
 */
@Injectable()
export class SnmpTrapService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly log = new Logger('SnmpTraps');
  private receiver: SnmpTrapReceiver | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly listeners = new Set<(outcome: TrapOutcome, event: SnmpTrapEvent) => void>();

  constructor(
    @Inject(SPINEL_CONFIG) private readonly config: SpinelConfig,
    private readonly ds: DataSource,
    private readonly vault: CredentialVault,
    private readonly store: DeviceInterfaceStore,
  ) {}

  /** The bound UDP port, when the receiver runs. */
  get port(): number | undefined {
    return this.receiver?.port;
  }

  async onApplicationBootstrap(): Promise<void> {
    const { trapPort, trapHost } = this.config.snmp;
    if (trapPort === undefined) return;
    try {
      this.receiver = await SnmpTrapReceiver.start({
        host: trapHost,
        port: trapPort,
        // One at a time, in arrival order: a linkDown then linkUp must not be applied the other way round.
        onTrap: (event) => {
          this.queue = this.queue.then(() => this.handle(event));
        },
        onProblem: (message) => this.log.warn(message),
      });
    } catch (e) {
      throw new Error(`SNMP trap receiver cannot listen on ${trapHost}:${trapPort} (SPINEL_SNMP_TRAP_HOST/SPINEL_SNMP_TRAP_PORT): ${(e as Error).message}`, { cause: e });
    }
    this.log.log(`receiving SNMP traps on ${trapHost}:${this.receiver.port}`);
  }

  async onModuleDestroy(): Promise<void> {
    await this.receiver?.close();
    this.receiver = undefined;
    await this.queue;
  }

  /** Called after each trap has been handled. Returns an unsubscribe. */
  onOutcome(listener: (outcome: TrapOutcome, event: SnmpTrapEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private async handle(event: SnmpTrapEvent): Promise<void> {
    let outcome: TrapOutcome;
    try {
      outcome = event.kind === 'other' ? { applied: false, reason: `not a link trap (${event.trapOid || 'no snmpTrapOID'})` } : await this.applyLinkTrap(event);
    } catch (e) {
      outcome = { applied: false, reason: `could not be applied: ${(e as Error).message}` };
    }
    if (outcome.applied) this.log.log(`${event.kind} from ${event.agentAddress}: ${outcome.name} (ifIndex ${outcome.ifIndex})`);
    else this.log.warn(`trap from ${event.agentAddress} ignored: ${outcome.reason}`);
    for (const l of this.listeners) l(outcome, event);
  }

  private async applyLinkTrap(event: LinkTrapEvent): Promise<TrapOutcome> {
    const deviceId = await this.sender(event);
    if (typeof deviceId !== 'string') return deviceId;
    const name = await this.store.applyLinkTrap(deviceId, event.ifIndex, { operUp: event.operUp, ...(event.adminUp !== undefined ? { adminUp: event.adminUp } : {}) }, event.receivedAt);
    if (name === undefined) return { applied: false, reason: `device ${deviceId} has no polled interface with ifIndex ${event.ifIndex} yet; the next poll will read it` };
    return { applied: true, deviceId, ifIndex: event.ifIndex, name };
  }

  /** The one SNMP-enabled device this trap comes from, or why there is none. */
  private async sender(event: LinkTrapEvent): Promise<string | TrapOutcome> {
    const candidates: { deviceId: string; communitySealed: string }[] = await this.ds.query(
      `SELECT s.device_id AS "deviceId", s.community_sealed AS "communitySealed"
         FROM device_snmp_settings s JOIN devices d ON d.id = s.device_id
        WHERE s.enabled AND d.management_host = $1`,
      [event.agentAddress],
    );
    if (!candidates.length) return { applied: false, reason: 'unknown sender: no SNMP-enabled device has this management address' };
    const sameCommunity = candidates.filter((c) => this.vault.open(c.communitySealed) === event.community);
    if (!sameCommunity.length) return { applied: false, reason: `community '${event.community}' is not the one configured for the device(s) at this address` };
    if (sameCommunity.length === 1) return sameCommunity[0]!.deviceId;
    if (event.ifName !== undefined) {
      const named = await this.ds.query(`SELECT device_id FROM device_interfaces WHERE device_id = ANY($1) AND if_index = $2 AND name = $3`, [sameCommunity.map((c) => c.deviceId), event.ifIndex, event.ifName]);
      if (named.length === 1) return named[0].device_id as string;
    }
    return { applied: false, reason: `${sameCommunity.length} devices share this address and community; give each its own community to tell their traps apart` };
  }
}
