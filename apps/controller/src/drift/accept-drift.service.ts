import { Injectable } from '@nestjs/common';
import { diffIntent, type IntentChange } from '#dialects';
import { LogicalSwitchEntity, VpcEntity } from '#persistence';
import { In } from 'typeorm';
import type { Principal } from '../auth/principal.js';
import { ProblemException } from '../common/problem.js';
import { IntentWriter } from '../intent/intent-writer.js';
import { ViewRegistry } from '../intent/view-registry.js';
import { DriftService } from './drift.service.js';

/** One difference between a device and its desired configuration, as the API names it. */
export interface DriftDifference {
  section: string;
  key: string;
  parent?: string;
  op: IntentChange['op'];
  /** For a bridge domain whose scalars differ: which of them. */
  fields?: string[];
  /** Why it cannot be taken into intent (absent when it can). */
  reason?: string;
}

const describe = (c: IntentChange): DriftDifference => ({ section: c.section, key: c.key, ...(c.parent ? { parent: c.parent } : {}), op: c.op });

/**
 * Accept a device's version into intent, where it maps. A device configuration is *compiled* from
 * intent: most of it (interfaces, underlay BGP, loopbacks, VRF and bridge-domain numbering, route
 * distinguishers) follows from fabric-wide objects and allocations, not from a field an operator
 * owns for that device, so there is no intent to write that would reproduce an arbitrary edit.
 * What maps one-to-one today: a bridge domain's ARP suppression is its logical switch's
 * `arpSuppression`. Anything else is refused as a whole (422, listing what does not map): taking
 * half of a device's edits would leave the other half to be overwritten by the next push, silently.
 */
@Injectable()
export class AcceptDriftService {
  constructor(
    private readonly drift: DriftService,
    private readonly writer: IntentWriter,
    private readonly views: ViewRegistry,
  ) {}

  async accept(principal: Principal, deviceId: string) {
    await this.drift.check(deviceId); // the device's version as it is now (a device that fails answers its problem)
    const { device, desired } = await this.drift.desired(deviceId);
    const running = (await this.drift.lastKnown(deviceId))?.intent;
    if (!running) throw new ProblemException(409, 'NOTHING_READ', `the running configuration of ${device.name} is not known`);
    const changes = diffIntent(desired, running); // what intent would have to change to produce the device's version
    const mappable: { lsVni: number; arpSuppression: boolean; difference: DriftDifference }[] = [];
    const unmappable: DriftDifference[] = [];
    for (const c of changes) {
      const fields = c.section === 'bridge-domain' && c.op === 'modify' ? changedFields(c.before, c.after) : [];
      if (fields.length === 1 && fields[0] === 'arpSuppression') {
        mappable.push({ lsVni: Number(c.key), arpSuppression: Boolean((c.after as { arpSuppression: boolean }).arpSuppression), difference: { ...describe(c), fields } });
      } else {
        unmappable.push({ ...describe(c), ...(fields.length ? { fields } : {}), reason: reasonFor(c, fields) });
      }
    }
    if (unmappable.length) {
      throw new ProblemException(422, 'DRIFT_NOT_MAPPABLE', `${unmappable.length} of ${changes.length} differences on ${device.name} have no intent field to take them into`, undefined, {
        deviceId,
        unmappable,
        mappable: mappable.map((m) => m.difference),
      });
    }
    if (!mappable.length) return { deviceId, accepted: [], revision: null, operationId: null };
    const { revision, operationId } = await this.writer.write(principal, `accept the configuration of ${device.name} into intent`, async (tx) => {
      const vpcIds = (await tx.em.findBy(VpcEntity, { fabricId: device.fabricId })).map((v) => v.id);
      const switches = await tx.em.findBy(LogicalSwitchEntity, { vpcId: In(vpcIds), l2Vni: In(mappable.map((m) => m.lsVni)) });
      const hooks = this.views.hooks('logical-switch');
      for (const m of mappable) {
        const ls = switches.find((s) => s.l2Vni === m.lsVni);
        if (!ls) throw new ProblemException(409, 'INTENT_CHANGED', `no logical switch with VNI ${m.lsVni} any more`);
        const before = await tx.snapshot('logical-switch', ls);
        const updated = await hooks.update(tx, ls, { arpSuppression: m.arpSuppression });
        await tx.track('logical-switch', 'update', updated, before);
      }
    });
    return { deviceId, accepted: mappable.map((m) => m.difference), revision, operationId: operationId ?? null };
  }
}

function changedFields(before: unknown, after: unknown): string[] {
  const b = (before ?? {}) as Record<string, unknown>;
  const a = (after ?? {}) as Record<string, unknown>;
  return [...new Set([...Object.keys(b), ...Object.keys(a)])].filter((k) => JSON.stringify(b[k]) !== JSON.stringify(a[k])).sort();
}

function reasonFor(c: IntentChange, fields: string[]): string {
  if (c.section === 'bridge-domain' && fields.length) return `bridge-domain ${fields.filter((f) => f !== 'arpSuppression').join(', ')} follow from the logical switch, its VPC and allocations`;
  if (c.section === 'interface') return 'interfaces are compiled from links and ports (descriptions, MTU and roles are derived)';
  if (c.section.startsWith('bgp') || c.section === 'device') return 'the underlay follows from the fabric, devices and links';
  if (c.op === 'add') return `a ${c.section} the intent does not produce`;
  if (c.op === 'remove') return `a ${c.section} the intent produces cannot be removed from one device`;
  return `${c.section} is compiled from fabric-wide intent`;
}
