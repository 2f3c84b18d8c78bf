import type { ConfigNode } from './config-tree.js';
import { LOOPBACK, NVE, OSPF_AREA, VTEP_LOOPBACK } from './fragments-device.js';
import { ceToMac, maskToLength } from './ipv4.js';
import type { Draft, VbdifDraft } from './parse-draft.js';
import { branch, dispatch, fail, intAt, ipAt, leaf } from './parse-support.js';

const HOST = /^ip address (\S+) 255\.255\.255\.255$/;

/** `interface <name>[ mode l2]`: dispatches on the kind of interface the name denotes. */
export function parseInterface(d: Draft, m: RegExpExecArray, node: ConfigNode): void {
  const name = m[1]!;
  const modeL2 = !!m[2];
  const sub = /^(.+)\.(\d+)$/.exec(name);
  if (sub) return parseSubinterface(d, sub[1]!, sub[2]!, modeL2, node);
  if (modeL2) fail('BAD_VALUE', node, '"mode l2" applies to sub-interfaces (<interface>.<vlan>) only');
  if (name === LOOPBACK) return dispatch(node.children, node.text, [leaf(HOST, (x, n) => (d.routerId = ipAt(n, x[1]!)))]);
  if (name === VTEP_LOOPBACK) return dispatch(node.children, node.text, [leaf(HOST, (x, n) => void ipAt(n, x[1]!))]);
  if (name === NVE) {
    return dispatch(node.children, node.text, [
      leaf(/^source (\S+)$/, (x, n) => (d.vtepSource = ipAt(n, x[1]!))),
      leaf(/^vni (\S+) head-end peer-list protocol bgp$/, (x, n) => void intAt(n, x[1]!, 'VNI', 1, 16777215)),
    ]);
  }
  const vbdif = /^Vbdif(\d+)$/.exec(name);
  if (vbdif) return parseVbdif(d, intAt(node, vbdif[1]!, 'bridge-domain', 1, 16777215), node);
  if (/^(LoopBack|Nve|Vbdif)/.test(name)) fail('UNKNOWN_COMMAND', node, `${name} is not an interface Spinel configures`);
  parsePort(d, name, node);
}

/**
 * A physical port. One with no lines at all is an unconfigured port that VRP lists anyway: not
 * Spinel's, ignored. The underlay lines are accepted in their one fixed form and checked against
 * the re-render (they follow from the role and the underlay protocol).
 */
function parsePort(d: Draft, name: string, node: ConfigNode): void {
  let fabric = false;
  let description = '';
  let mtu: number | undefined;
  dispatch(node.children, node.text, [
    leaf(/^undo portswitch$/, () => (fabric = true)),
    leaf(/^description (.+)$/, (x) => (description = x[1]!)),
    leaf(/^mtu (\S+)$/, (x, n) => (mtu = intAt(n, x[1]!, 'MTU', 46, 65535))),
    leaf(/^ipv6 enable$/),
    leaf(/^ipv6 address auto link-local$/),
    leaf(new RegExp(`^ip address unnumbered interface ${LOOPBACK}$`)),
    leaf(/^ospf network-type p2p$/),
    leaf(new RegExp(`^ospf enable 1 area ${OSPF_AREA.replace(/\./g, '\\.')}$`)),
  ]);
  if (!node.children.length) return;
  if (d.interfaces.some((x) => x.name === name)) fail('DUPLICATE', node, `interface ${name} is configured twice`);
  if (mtu === undefined) fail('MISSING', node, `interface ${name} has no mtu (Spinel sets one on every port it manages)`);
  d.interfaces.push({ name, description, role: fabric ? 'fabric' : 'access', mtu: mtu! });
}

/** `interface <port>.<vlan> mode l2`: a VLAN of an access port mapped into a bridge domain. */
function parseSubinterface(d: Draft, port: string, number: string, modeL2: boolean, node: ConfigNode): void {
  if (!modeL2) fail('BAD_VALUE', node, 'Spinel configures only Layer 2 sub-interfaces ("mode l2")');
  if (/^(LoopBack|Nve|Vbdif)\d+$/.test(port)) fail('BAD_VALUE', node, `${port} cannot carry L2 sub-interfaces`);
  const vlan = intAt(node, number, 'sub-interface number', 1, 4094);
  let encapsulation: number | undefined;
  let bridgeDomain: number | undefined;
  dispatch(node.children, node.text, [
    leaf(/^encapsulation dot1q vid (\S+)$/, (x, n) => {
      encapsulation = intAt(n, x[1]!, 'VLAN', 1, 4094);
      if (encapsulation !== vlan) fail('BAD_VALUE', n, `VLAN ${encapsulation} on sub-interface .${vlan}: Spinel numbers L2 sub-interfaces after their VLAN`);
    }),
    leaf(/^bridge-domain (\S+)$/, (x, n) => (bridgeDomain = intAt(n, x[1]!, 'bridge-domain', 1, 16777215))),
  ]);
  if (encapsulation === undefined) fail('MISSING', node, 'the sub-interface has no "encapsulation dot1q vid"');
  if (bridgeDomain === undefined) fail('MISSING', node, 'the sub-interface is bound to no bridge domain');
  d.attachments.push({ node, interface: port, vlan, bridgeDomain: bridgeDomain! });
}

/** `interface Vbdif<id>`: the bridge domain's VPN instance and anycast gateway. */
function parseVbdif(d: Draft, id: number, node: ConfigNode): void {
  if (d.vbdifs.has(id)) fail('DUPLICATE', node, `interface Vbdif${id} is configured twice`);
  const v: VbdifDraft = { node };
  d.vbdifs.set(id, v);
  dispatch(node.children, node.text, [
    leaf(/^ip binding vpn-instance (\S+)$/, (x) => (v.vrf = x[1]!)),
    leaf(/^ip address (\S+) (\S+)$/, (x, n) => {
      const prefixLength = maskToLength(x[2]!);
      if (prefixLength === undefined || prefixLength === 0) fail('BAD_VALUE', n, `"${x[2]}" is not a contiguous IPv4 mask`);
      v.address = { ip: ipAt(n, x[1]!), prefixLength: prefixLength! };
    }),
    leaf(/^mac-address (\S+)$/, (x, n) => (v.mac = ceToMac(x[1]!) ?? fail('BAD_VALUE', n, `"${x[1]}" is not a MAC address in VRP's xxxx-xxxx-xxxx form`))),
    leaf(/^vxlan anycast-gateway enable$/),
    leaf(/^arp collect host enable$/),
  ]);
  if (!!v.address !== !!v.mac) fail('MISSING', node, 'an anycast gateway needs both "ip address" and "mac-address"');
}

/** `ospf 1 router-id <id>`: present iff the underlay is iBGP; its content follows from the loopbacks. */
export function parseOspf(d: Draft, m: RegExpExecArray, node: ConfigNode): void {
  ipAt(node, m[1]!);
  if (d.ospf) fail('DUPLICATE', node, `a second OSPF process (first at line ${d.ospf.line})`);
  d.ospf = node;
  dispatch(node.children, node.text, [
    branch(new RegExp(`^area ${OSPF_AREA.replace(/\./g, '\\.')}$`), (_, area) => dispatch(area.children, area.text, [leaf(/^network (\S+) 0\.0\.0\.0$/, (x, n) => void ipAt(n, x[1]!))])),
  ]);
}
