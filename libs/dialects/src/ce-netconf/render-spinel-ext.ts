import type { DeviceIntent } from '#intent';
import { VXLAN_UDP_PORT } from './names.js';
import { NS } from './namespaces.js';
import { ns, type YNode } from './yang-tree.js';

const spx = ns(NS.spinel);

/**
 * `/spx:device`: what OpenConfig has no node for at device level — the device's own ASN (the
 * fabric's numbering, which the BGP instance normally repeats) and the NVE: the VTEP source address
 * and VXLAN UDP port shared by every L2 and L3 VNI (openconfig-evpn only models VXLAN endpoints as
 * connection points of one L2 instance).
 */
export function renderDeviceExtension(i: DeviceIntent): YNode | undefined {
  return spx.c(
    'device',
    spx.c('config', spx.l('asn', i.asn)),
    i.vtepSource !== undefined && spx.c('nve', spx.c('config', spx.l('source-address', i.vtepSource), spx.l('udp-port', VXLAN_UDP_PORT))),
  );
}

/** `/spx:nat`: per VRF, the SNAT pools for egress and the static (EIP) one-to-one mappings. */
export function renderNat(i: DeviceIntent): YNode | undefined {
  return spx.c(
    'nat',
    spx.c(
      'instances',
      i.nat.map((n) =>
        spx.entry(
          'instance',
          [spx.l('vrf', n.vrf)!],
          spx.c('config', spx.l('vrf', n.vrf), spx.ll('snat-pool', n.snatPools)),
          spx.c(
            'static-mappings',
            n.staticNat.map((s) =>
              spx.entry(
                'static-mapping',
                [spx.l('public-address', s.public)!],
                spx.c('config', spx.l('public-address', s.public), spx.l('private-address', s.private)),
              ),
            ),
          ),
        ),
      ),
    ),
  );
}
