import type { NatIntent } from '#intent';
import { NS } from './namespaces.js';
import type { Cursor } from './tree-cursor.js';
import { V } from './value-parsers.js';

/** `/spx:device`: the device ASN and, on VTEPs, the NVE source address. */
export function parseDeviceExtension(root: Cursor): { asn: number; vtepSource?: string } {
  const device = root.need('device', NS.spinel);
  const vtepSource = device.child('nve')?.need('config').needParse('source-address', V.ipv4);
  return { asn: device.need('config').needParse('asn', V.asn), ...(vtepSource ? { vtepSource } : {}) };
}

/** `/spx:nat`: SNAT pools and static mappings per VRF. */
export function parseNat(root: Cursor): NatIntent[] {
  const nat = root.child('nat', NS.spinel);
  if (!nat) return [];
  return nat.list('instances', 'instance').map((n) => ({
    vrf: n.needParse('vrf', V.nonEmpty('VRF name')),
    snatPools: n.child('config')?.parseValues('snat-pool', V.addressOrPrefix) ?? [],
    staticNat: n.list('static-mappings', 'static-mapping').map((s) => ({
      public: s.needParse('public-address', V.ip),
      private: s.need('config').needParse('private-address', V.ip),
    })),
  }));
}
