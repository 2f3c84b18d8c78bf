import { CE_NETCONF_NAMESPACES, NetconfConfigError, ceNetconfDialect, type ParseContext } from '#dialects';
import { NetconfRpcError } from '#drivers';
import type { DeviceIntent } from '#intent';
import { type ConfigNode, writeTree } from './config-tree.js';

const NS = CE_NETCONF_NAMESPACES;

/** The top-level containers the emulated switch has a model for; anything else is unknown-element. */
const KNOWN_TOP_LEVEL: readonly (readonly [string, string])[] = [
  [NS.system, 'system'],
  [NS.interfaces, 'interfaces'],
  [NS.networkInstance, 'network-instances'],
  [NS.acl, 'acl'],
  [NS.spinel, 'device'],
  [NS.spinel, 'nat'],
];

/** An element of an edit, with what it contains (state containers are looked for in there). */
interface EditElement {
  ns: string;
  name: string;
  value?: string;
  children?: readonly EditElement[];
}

/**
 * Refuses a top-level element of an edit the switch has no model for (RFC 6241 unknown-element /
 * unknown-namespace), and any `state` container in the edit: operational state is read-only.
 */
export function assertKnownTopLevel(elements: readonly EditElement[]): void {
  for (const e of elements) {
    if (KNOWN_TOP_LEVEL.some(([ns, name]) => ns === e.ns && name === e.name)) continue;
    const knownNamespace = KNOWN_TOP_LEVEL.some(([ns]) => ns === e.ns);
    throw new NetconfRpcError({
      type: 'application',
      tag: knownNamespace ? 'unknown-element' : 'unknown-namespace',
      path: `/${e.name}`,
      message: knownNamespace ? `<${e.name}> is not a top-level node of its module` : `no YANG module of this switch has the namespace ${e.ns}`,
      info: knownNamespace ? { 'bad-element': e.name } : { 'bad-element': e.name, 'bad-namespace': e.ns },
    });
  }
  for (const e of elements) assertNoState(e, '');
}

/**
 * Validates a datastore: its configuration must read as a DeviceIntent through the ce-netconf
 * dialect (which checks values, and that the managed subtrees are exactly what the intent renders
 * to), plus the cross-references the parser does not check. A datastore holding only the hostname
 * (the factory state) is valid. Returns the intent, or undefined for the factory state.
 */
export function validateConfig(root: ConfigNode, context: ParseContext): DeviceIntent | undefined {
  const managed = root.children.filter((c) => c.ns !== NS.system);
  if (managed.length === 0) {
    const hostname = root.children.find((c) => c.name === 'system')?.children.find((c) => c.name === 'config')?.children.find((c) => c.name === 'hostname')?.value;
    if (hostname !== context.device) throw invalid('/system/config/hostname', `hostname ${JSON.stringify(hostname ?? '')} is not the device's name ${JSON.stringify(context.device)}`);
    return undefined;
  }
  let intent: DeviceIntent;
  try {
    intent = ceNetconfDialect.parse(writeTree('config', root.children), context);
  } catch (error) {
    if (!(error instanceof NetconfConfigError)) throw error;
    // The dialect's comparison names elements it does not write; for a switch, that is an element its schema lacks.
    const unknown = error.reason.startsWith('unexpected element');
    throw new NetconfRpcError({
      type: 'application',
      tag: unknown ? 'unknown-element' : 'invalid-value',
      path: error.path,
      message: error.reason,
      ...(unknown ? { info: { 'bad-element': lastStep(error.path) } } : {}),
    });
  }
  assertReferences(intent);
  return intent;
}

/**
 * What a real switch refuses and the dialect's parser accepts, because each part reads well on its
 * own: a VNI used twice, an ACL bound to a bridge domain that is not configured, NAT in a VRF that
 * does not exist. (A bridge domain routing into a missing VRF cannot be written in this model: the
 * binding lives inside the VRF's instance, and the parser refuses an IRB without a bridge domain.)
 */
function assertReferences(intent: DeviceIntent): void {
  const vniOwner = new Map<number, string>();
  const claim = (vni: number, owner: string, path: string) => {
    const other = vniOwner.get(vni);
    if (other) throw invalid(path, `VNI ${vni} is already used by ${other}`);
    vniOwner.set(vni, owner);
  };
  for (const vrf of intent.vrfs) {
    claim(vrf.l3Vni, `VRF ${vrf.name}`, `/network-instances/network-instance[name=${vrf.name}]/evpn/evpn-instances/evpn-instance[evi=${vrf.l3Vni}]/vxlan/config/vni`);
  }
  for (const bd of intent.bridgeDomains) {
    claim(bd.l2Vni, `bridge domain ${bd.id}`, `/network-instances/network-instance[name=BD${bd.id}]/evpn/evpn-instances/evpn-instance[evi=${bd.id}]/vxlan/config/vni`);
  }
  const bridgeDomains = new Set(intent.bridgeDomains.map((bd) => bd.id));
  for (const acl of intent.acls) {
    for (const binding of acl.bindings) {
      if (!bridgeDomains.has(binding.bridgeDomain)) {
        throw invalid(`/acl/interfaces/interface[id=BD${binding.bridgeDomain}]/config/spx:bridge-domain`, `ACL ${acl.name} is bound to bridge domain ${binding.bridgeDomain}, which is not configured`);
      }
    }
  }
  const vrfs = new Set(intent.vrfs.map((v) => v.name));
  for (const nat of intent.nat) {
    if (!vrfs.has(nat.vrf)) throw invalid(`/spx:nat/spx:instances/spx:instance[spx:vrf=${nat.vrf}]/spx:vrf`, `NAT instance for VRF ${nat.vrf}, which is not configured`);
  }
}

function assertNoState(e: EditElement, parentPath: string): void {
  const path = `${parentPath}/${e.name}`;
  if (e.name === 'state' && e.value === undefined) {
    throw new NetconfRpcError({ type: 'application', tag: 'invalid-value', path, message: 'state data is read-only', info: { 'bad-element': 'state' } });
  }
  for (const c of e.children ?? []) assertNoState(c, path);
}

function invalid(path: string, message: string): NetconfRpcError {
  return new NetconfRpcError({ type: 'application', tag: 'invalid-value', path, message });
}

function lastStep(path: string): string {
  const steps = path.replace(/\[[^\]]*\]/g, '');
  return steps.slice(steps.lastIndexOf('/') + 1);
}
