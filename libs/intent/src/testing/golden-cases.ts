import type { FabricSnapshot } from '../snapshot.js';
import { aSnapshot } from './snapshot-builder.js';

/**
 * The reference fabrics of the golden files: 2 spines and 4 leaves (plus a border leaf where the
 * case needs one), each case adding the feature it is named after.
 */
export const GOLDEN_CASES: Record<string, () => FabricSnapshot> = {
  /** Pods in a VLAN on the node link; the leaf maps VLAN → bridge domain → L2 VNI and is the gateway. */
  'l2-bridge': () => {
    const b = aSnapshot();
    const { leaves } = b.clos(2, 4);
    const [l1, l2, l3] = leaves as [any, any, any];
    const blue = b.vpc('blue', '10.1.0.0/16');
    const web = b.logicalSwitch(blue, 'web', '10.1.1.0/24');
    const db = b.logicalSwitch(blue, 'db', '10.1.2.0/24');
    const n1 = b.node('worker-1', l1, '10GE1/0/1', 'l2-bridge');
    const n2 = b.node('worker-2', l2, '10GE1/0/1', 'l2-bridge');
    b.port(web, 'web-0', '10.1.1.10', { node: n1, vlan: 100 });
    b.port(web, 'web-1', '10.1.1.11', { node: n2, vlan: 100 });
    b.port(db, 'db-0', '10.1.2.10', { node: n1, vlan: 101 });
    b.port(db, 'db-bare-metal', '10.1.2.20', { leaf: l3, iface: '10GE1/0/5', vlan: 200 });
    b.router(blue, { switches: [web, db] });
    return b.build();
  },

  /** Nodes route and peer BGP with their leaf inside the VRF; one /32 per pod everywhere. */
  'l3-route-suppression-off': () => l3Route(false),

  /** Nodes advertise their /26 blocks summary-only; a pod whose fixed IP moved is a /32 exception. */
  'l3-route-suppression-on': () => l3Route(true),

  /** Two VPCs leak routes through their routers (RT import both ways); static routes. */
  interconnect: () => {
    const b = aSnapshot();
    const { leaves } = b.clos(2, 4);
    const [l1, l2] = leaves as [any, any];
    const red = b.vpc('red', '10.10.0.0/16');
    const green = b.vpc('green', '10.20.0.0/16');
    const r1 = b.logicalSwitch(red, 'app', '10.10.1.0/24');
    const g1 = b.logicalSwitch(green, 'app', '10.20.1.0/24');
    b.port(r1, 'red-0', '10.10.1.10', { leaf: l1, iface: '10GE1/0/3', vlan: 100 });
    b.port(g1, 'green-0', '10.20.1.10', { leaf: l2, iface: '10GE1/0/3', vlan: 100 });
    const redRouter = b.router(red, { switches: [r1], staticRoutes: [{ prefix: '192.168.50.0/24', nextHop: '10.10.1.254' }] });
    b.router(green, { switches: [g1], peers: [redRouter] });
    return b.build();
  },

  /** North-south: a border leaf carries the VRF, a default route out, SNAT for egress and an EIP. */
  'border-snat': () => {
    const b = aSnapshot();
    const { leaves, borderLeaves } = b.clos(2, 4, 1);
    const blue = b.vpc('blue', '10.1.0.0/16');
    const web = b.logicalSwitch(blue, 'web', '10.1.1.0/24');
    const web0 = b.port(web, 'web-0', '10.1.1.10', { leaf: leaves[0] as any, iface: '10GE1/0/3', vlan: 100 });
    b.externalGateway(blue, borderLeaves, ['203.0.113.0/28'], [{ ip: '198.51.100.10', port: web0 }]);
    return b.build();
  },

  /** A security policy: web pods accept 443 from the frontends and 22 from an admin CIDR, nothing else. */
  acl: () => {
    const b = aSnapshot();
    const { leaves } = b.clos(2, 4);
    const blue = b.vpc('blue', '10.1.0.0/16');
    const web = b.logicalSwitch(blue, 'web', '10.1.1.0/24');
    b.port(web, 'web-0', '10.1.1.10', { leaf: leaves[0] as any, iface: '10GE1/0/3', vlan: 100 }, { app: 'web' });
    b.port(web, 'fe-0', '10.1.1.20', { leaf: leaves[1] as any, iface: '10GE1/0/3', vlan: 100 }, { app: 'frontend' });
    b.policy(blue, 'web-ingress', { app: 'web' }, [
      { priority: 10, direction: 'ingress', protocol: 'tcp', ports: '443', peerSelector: { app: 'frontend' }, action: 'allow' },
      { priority: 20, direction: 'ingress', protocol: 'tcp', ports: '22', cidr: '192.0.2.0/24', action: 'allow' },
      { priority: 30, direction: 'egress', protocol: 'udp', ports: '53', cidr: '10.1.0.0/16', action: 'allow' },
    ]);
    return b.build();
  },

  /** The l2-bridge case on an iBGP underlay: OSPF for loopbacks, spines reflect EVPN. */
  'ibgp-underlay': () => {
    const b = aSnapshot({ underlay: 'ibgp' });
    const { leaves } = b.clos(2, 4);
    const blue = b.vpc('blue', '10.1.0.0/16');
    const web = b.logicalSwitch(blue, 'web', '10.1.1.0/24');
    b.port(web, 'web-0', '10.1.1.10', { leaf: leaves[0] as any, iface: '10GE1/0/3', vlan: 100 });
    b.port(web, 'web-1', '10.1.1.11', { leaf: leaves[1] as any, iface: '10GE1/0/3', vlan: 100 });
    return b.build();
  },
};

function l3Route(suppression: boolean): FabricSnapshot {
  const b = aSnapshot();
  const { leaves } = b.clos(2, 4);
  const [l1, l2] = leaves as [any, any];
  const green = b.vpc('green', '10.2.0.0/16', { attachmentMode: 'l3-route', routeSuppression: suppression });
  const pods = b.logicalSwitch(green, 'pods', '10.2.0.0/24');
  const n1 = b.node('worker-1', l1, '10GE1/0/1', 'l3-route');
  const n2 = b.node('worker-2', l2, '10GE1/0/1', 'l3-route');
  if (suppression) {
    b.block(n1, pods, '10.2.0.0/26');
    b.block(n2, pods, '10.2.0.64/26');
  }
  b.port(pods, 'pod-a', '10.2.0.2', { node: n1 });
  b.port(pods, 'pod-b', '10.2.0.3', { node: n1 });
  b.port(pods, 'pod-c', '10.2.0.66', { node: n2 });
  // A fixed IP from worker-1's block whose pod now runs on worker-2.
  b.port(pods, 'pod-fixed', '10.2.0.10', { node: n2 });
  // The vswitch devices of the nodes, so their intents are part of the fabric.
  b.device('vswitch', 'worker-1', 50);
  b.device('vswitch', 'worker-2', 51);
  return b.build();
}
