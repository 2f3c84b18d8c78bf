import type { BgpNeighborIntent, DeviceIntent } from '#intent';
import { CeCliRenderError } from './ce-cli.errors.js';
import { addressFamily, prefixFamily } from './ip-prefix.js';
import { isIntentMac, isIpv4, splitPrefix } from './ipv4.js';

const NAME = /^[A-Za-z0-9][A-Za-z0-9_./:-]*$/;
/** Interfaces Spinel renders itself (loopbacks, NVE, Vbdif): not usable as managed ports. */
const RESERVED_INTERFACE = /^(LoopBack|Nve|Vbdif)\d+$/;
const RD_OR_RT = /^(\d+|\d+\.\d+\.\d+\.\d+):\d+$/;

const between = (n: number, lo: number, hi: number) => Number.isInteger(n) && n >= lo && n <= hi;

/**
 * What the CE CLI cannot say, or cannot read back unchanged: checked before rendering so that a
 * bad intent fails with the field named instead of producing a config that parses differently
 * (IPv4 only, except the prefixes a VRF or the global table originates or routes statically,
 * which may be IPv6 in canonical form; names without spaces; descriptions on one line without outer spaces; references to
 * VRFs and bridge domains that exist on the device; values in VRP's ranges).
 */
export function assertRenderable(i: DeviceIntent): void {
  const fail = (field: string, reason: string): never => {
    throw new CeCliRenderError(field, reason);
  };
  const ip = (field: string, v: string) => isIpv4(v) || fail(field, `"${v}" is not an IPv4 address (this dialect renders IPv4 only)`);
  const prefix = (field: string, v: string) => !!splitPrefix(v) || fail(field, `"${v}" is not an IPv4 prefix without host bits`);
  const anyPrefix = (field: string, v: string) => !!prefixFamily(v) || fail(field, `"${v}" is not an IPv4 or canonical IPv6 prefix without host bits`);
  const name = (field: string, v: string) => NAME.test(v) || fail(field, `"${v}" is not a single word of letters, digits and _ . / : -`);
  const text = (field: string, v: string) => v === v.trim() && !/[\r\n]/.test(v) || fail(field, 'a description must be one line without leading or trailing spaces');
  const int = (field: string, v: number, lo: number, hi: number) => between(v, lo, hi) || fail(field, `${v} is not an integer in ${lo}..${hi}`);
  const community = (field: string, v: string) => RD_OR_RT.test(v) || fail(field, `"${v}" is not a route distinguisher / target`);
  const port = (field: string, v: string) => {
    const m = /^(\d+)(?:-(\d+))?$/.exec(v);
    if (!m || Number(m[1]) > 65535 || (m[2] !== undefined && (Number(m[2]) > 65535 || Number(m[2]) < Number(m[1])))) fail(field, `"${v}" is not a port or an ascending port range`);
  };
  const neighbor = (field: string, n: BgpNeighborIntent) => {
    if (/^[\d.]+$/.test(n.peer)) ip(`${field}.peer`, n.peer);
    else name(`${field}.peer`, n.peer);
    if (typeof n.remoteAs === 'number') int(`${field}.remoteAs`, n.remoteAs, 1, 4294967295);
    text(`${field}.description`, n.description);
    if (n.updateSource) name(`${field}.updateSource`, n.updateSource);
  };

  name('device', i.device);
  ip('routerId', i.routerId);
  if (i.vtepSource) ip('vtepSource', i.vtepSource);
  if (i.asn !== i.bgp.asn) fail('asn', `${i.asn} differs from bgp.asn ${i.bgp.asn}; the CLI holds one AS number (\`bgp <asn>\`)`);
  int('bgp.asn', i.bgp.asn, 1, 4294967295);
  ip('bgp.routerId', i.bgp.routerId);
  i.bgp.networks.forEach((p, k) => anyPrefix(`bgp.networks[${k}]`, p));
  i.bgp.neighbors.forEach((n, k) => neighbor(`bgp.neighbors[${k}]`, n));

  i.interfaces.forEach((x, k) => {
    const f = `interfaces[${k}]`;
    name(`${f}.name`, x.name);
    if (x.name.includes('.') || RESERVED_INTERFACE.test(x.name)) fail(`${f}.name`, `"${x.name}" is a sub-interface or an interface Spinel renders itself`);
    text(`${f}.description`, x.description);
    int(`${f}.mtu`, x.mtu, 46, 65535);
  });

  const vrfs = new Set(i.vrfs.map((v) => v.name));
  const vnis = new Map<number, string>();
  const vni = (field: string, v: number, owner: string) => {
    int(field, v, 1, 16777215);
    if (vnis.has(v)) fail(field, `VNI ${v} is used by both ${vnis.get(v)} and ${owner}`);
    vnis.set(v, owner);
  };
  i.vrfs.forEach((v) => {
    const f = `vrfs[${v.name}]`;
    name(`${f}.name`, v.name);
    vni(`${f}.l3Vni`, v.l3Vni, `vpn-instance ${v.name}`);
    community(`${f}.routeDistinguisher`, v.routeDistinguisher);
    [...v.importRouteTargets, ...v.exportRouteTargets].forEach((t) => community(`${f}.routeTargets`, t));
    v.staticRoutes.forEach((s, k) => {
      anyPrefix(`${f}.staticRoutes[${k}].prefix`, s.prefix);
      if (addressFamily(s.nextHop) !== prefixFamily(s.prefix)) fail(`${f}.staticRoutes[${k}].nextHop`, `"${s.nextHop}" is not an address of the prefix's family`);
    });
    v.networks.forEach((p, k) => anyPrefix(`${f}.networks[${k}]`, p));
    v.aggregates.forEach((a, k) => anyPrefix(`${f}.aggregates[${k}].prefix`, a.prefix));
    v.neighbors.forEach((n, k) => {
      neighbor(`${f}.neighbors[${k}]`, n);
      if (n.addressFamilies.some((af) => af !== 'ipv4-unicast')) fail(`${f}.neighbors[${k}].addressFamilies`, 'a session inside a VRF carries IPv4 unicast only');
    });
    if (v.defaultRouteToExternal && v.networks.includes('0.0.0.0/0')) fail(`${f}.networks`, '0.0.0.0/0 is already originated by defaultRouteToExternal');
  });

  const bds = new Set(i.bridgeDomains.map((b) => b.id));
  const subinterfaces = new Map<string, number>();
  i.bridgeDomains.forEach((b) => {
    const f = `bridgeDomains[${b.id}]`;
    int(`${f}.id`, b.id, 1, 16777215);
    vni(`${f}.l2Vni`, b.l2Vni, `bridge-domain ${b.id}`);
    text(`${f}.description`, b.description);
    community(`${f}.routeDistinguisher`, b.routeDistinguisher);
    [...b.importRouteTargets, ...b.exportRouteTargets].forEach((t) => community(`${f}.routeTargets`, t));
    if (b.vrf !== undefined && !vrfs.has(b.vrf)) fail(`${f}.vrf`, `VRF "${b.vrf}" is not defined on this device`);
    if (b.gateway) {
      ip(`${f}.gateway.ip`, b.gateway.ip);
      int(`${f}.gateway.prefixLength`, b.gateway.prefixLength, 1, 32);
      if (!isIntentMac(b.gateway.mac)) fail(`${f}.gateway.mac`, `"${b.gateway.mac}" is not a lowercase colon-separated MAC address`);
    }
    b.attachments.forEach((a, k) => {
      name(`${f}.attachments[${k}].interface`, a.interface);
      if (a.interface.includes('.') || RESERVED_INTERFACE.test(a.interface)) fail(`${f}.attachments[${k}].interface`, `"${a.interface}" cannot carry L2 sub-interfaces`);
      int(`${f}.attachments[${k}].vlan`, a.vlan, 1, 4094);
      const sub = `${a.interface}.${a.vlan}`;
      if (subinterfaces.has(sub) && subinterfaces.get(sub) !== b.id) fail(`${f}.attachments[${k}]`, `${sub} is already attached to bridge domain ${subinterfaces.get(sub)}`);
      subinterfaces.set(sub, b.id);
    });
  });

  i.acls.forEach((a) => {
    const f = `acls[${a.name}]`;
    name(`${f}.name`, a.name);
    a.rules.forEach((r) => {
      const rf = `${f}.rules[${r.sequence}]`;
      int(`${rf}.sequence`, r.sequence, 0, 4294967294);
      for (const end of ['source', 'destination'] as const) if (r[end] !== 'any') anyPrefix(`${rf}.${end}`, r[end]);
      if (r.source !== 'any' && r.destination !== 'any' && prefixFamily(r.source) !== prefixFamily(r.destination)) fail(rf, 'source and destination are of different address families');
      if (r.destinationPort !== undefined) {
        if (r.protocol !== 'tcp' && r.protocol !== 'udp') fail(`${rf}.destinationPort`, `a port needs protocol tcp or udp, not ${r.protocol}`);
        port(`${rf}.destinationPort`, r.destinationPort);
      }
    });
    a.bindings.forEach((b, k) => bds.has(b.bridgeDomain) || fail(`${f}.bindings[${k}]`, `bridge domain ${b.bridgeDomain} is not defined on this device`));
  });

  i.nat.forEach((n) => {
    const f = `nat[${n.vrf}]`;
    if (!vrfs.has(n.vrf)) fail(`${f}.vrf`, `VRF "${n.vrf}" is not defined on this device`);
    n.snatPools.forEach((p, k) => prefix(`${f}.snatPools[${k}]`, p));
    n.staticNat.forEach((s, k) => (ip(`${f}.staticNat[${k}].public`, s.public), ip(`${f}.staticNat[${k}].private`, s.private)));
  });
}
