import type {
  AclIntent,
  AclRuleIntent,
  AddressFamily,
  BgpNeighborIntent,
  BridgeDomainIntent,
  DeviceIntent,
  DeviceRole,
  InterfaceIntent,
  NatIntent,
  VrfIntent,
} from '#intent';
import { Rng } from './rng.js';
import { randomValues } from './random-values.js';

/**
 * Seeded random DeviceIntents that exercise every field and variant (numbered and unnumbered
 * peers, IPv4 and IPv6 ACL rules, bridge domains with and without gateway or VRF, NAT…), within
 * what a valid intent may hold: unique keys, a bridge domain's VRF among the VRFs, one address
 * family per ACL rule.
 */
export function randomIntent(seed: number): DeviceIntent {
  return new IntentFactory(new Rng(seed)).intent();
}

/** A variation of `base`: entries of every list dropped, replaced or added, scalars changed. */
export function mutateIntent(base: DeviceIntent, seed: number): DeviceIntent {
  return new IntentFactory(new Rng(seed)).mutate(base);
}

class IntentFactory {
  private readonly v: ReturnType<typeof randomValues>;

  constructor(private readonly r: Rng) {
    this.v = randomValues(r);
  }

  intent(): DeviceIntent {
    const { r, v } = this;
    const routerId = v.ipv4();
    const asn = v.asn();
    const interfaces = r.unique(r.int(0, 6), () => this.interface(), (x) => x.name);
    const vrfs = r.unique(r.int(0, 3), () => this.vrf(interfaces), (x) => x.name);
    const bridgeDomains = this.withUniqueAttachments(r.unique(r.int(0, 4), () => this.bridgeDomain(interfaces, vrfs), (x) => String(x.id)));
    return {
      device: 'dut-1',
      role: r.pick<DeviceRole>(['spine', 'leaf', 'border-leaf', 'vswitch']),
      routerId,
      asn,
      ...(r.bool(0.6) ? { vtepSource: r.bool() ? routerId : v.ipv4() } : {}),
      underlay: { protocol: r.pick(['ebgp', 'ibgp'] as const) },
      interfaces,
      bgp: {
        asn: r.bool(0.8) ? asn : v.asn(),
        routerId: r.bool(0.8) ? routerId : v.ipv4(),
        neighbors: this.neighbors(interfaces),
        ...(r.bool() ? { advertiseAllVni: true as const } : {}),
        networks: r.unique(r.int(0, 3), v.ipv4Prefix, (x) => x),
      },
      vrfs,
      bridgeDomains,
      acls: r.unique(r.int(0, 3), () => this.acl(bridgeDomains), (x) => x.name),
      nat: r.unique(r.int(0, 2), () => this.nat(vrfs), (x) => x.vrf),
    };
  }

  mutate(base: DeviceIntent): DeviceIntent {
    const { r } = this;
    const fresh = this.intent();
    const list = <T>(items: readonly T[], replacements: readonly T[], key: (t: T) => string): T[] => {
      const out = items
        .filter(() => !r.bool(0.2))
        .map((x) => (r.bool(0.15) && replacements.length ? rekeyed(r.pick(replacements), x) : x));
      for (const extra of replacements) if (r.bool(0.25) && !out.some((x) => key(x) === key(extra))) out.push(extra);
      return out;
    };
    const scalar = <T>(a: T, b: T): T => (r.bool(0.15) ? b : a);
    const interfaces = list(base.interfaces, fresh.interfaces, (x) => x.name);
    const vrfs = list(base.vrfs, fresh.vrfs, (x) => x.name);
    const vrfNames = new Set(vrfs.map((x) => x.name));
    const bridgeDomains = this.withUniqueAttachments(
      list(base.bridgeDomains, fresh.bridgeDomains, (x) => String(x.id)).map((bd) => {
        const { vrf, ...rest } = bd;
        return vrf && vrfNames.has(vrf) ? { ...rest, vrf } : rest;
      }),
    );
    // Entries modified in place, keeping their keys: the `modify` changes of nested lists.
    const touch = <T>(items: readonly T[], change: (t: T) => T): T[] => items.map((x) => (r.bool(0.3) ? change(x) : x));
    const acls = list(base.acls, fresh.acls, (a) => a.name).map((a) => ({
      ...a,
      rules: touch(a.rules, (x) => ({ ...x, action: x.action === 'permit' ? ('deny' as const) : ('permit' as const), source: r.bool() ? 'any' : x.source })),
    }));
    const changedVrfs = vrfs.map((v) => ({
      ...v,
      neighbors: touch(v.neighbors, (n) => ({ ...n, description: this.v.description(), addressFamilies: r.subset<AddressFamily>(['ipv4-unicast', 'l2vpn-evpn']) })),
      aggregates: touch(v.aggregates, (a) => ({ ...a, summaryOnly: !a.summaryOnly })),
    }));
    const nat = list(base.nat, fresh.nat, (n) => n.vrf).map((n) => ({ ...n, staticNat: touch(n.staticNat, (m) => ({ ...m, private: this.v.ipv4() })) }));
    return {
      ...base,
      role: scalar(base.role, fresh.role),
      routerId: scalar(base.routerId, fresh.routerId),
      asn: scalar(base.asn, fresh.asn),
      ...(r.bool(0.15) ? { vtepSource: fresh.vtepSource } : {}),
      underlay: scalar(base.underlay, fresh.underlay),
      interfaces,
      bgp: {
        asn: scalar(base.bgp.asn, fresh.bgp.asn),
        routerId: scalar(base.bgp.routerId, fresh.bgp.routerId),
        neighbors: list(base.bgp.neighbors, fresh.bgp.neighbors, (n) => n.peer),
        ...(scalar(base.bgp.advertiseAllVni, fresh.bgp.advertiseAllVni) ? { advertiseAllVni: true as const } : {}),
        networks: list(base.bgp.networks, fresh.bgp.networks, (n) => n),
      },
      vrfs: changedVrfs,
      bridgeDomains,
      acls,
      nat,
    };
  }

  private interface(): InterfaceIntent {
    const { r, v } = this;
    return { name: v.interfaceName(), description: v.description(), role: r.pick(['fabric', 'access'] as const), mtu: r.pick([1500, 9000, 9216, r.int(68, 65535)]) };
  }

  private neighbors(interfaces: readonly InterfaceIntent[]): BgpNeighborIntent[] {
    const { r, v } = this;
    const peer = () => r.pick([v.ipv4, v.ipv6, () => (interfaces.length ? r.pick(interfaces).name : v.interfaceName())])();
    return r.unique(
      r.int(0, 4),
      () => ({
        peer: peer(),
        remoteAs: r.pick<BgpNeighborIntent['remoteAs']>([v.asn(), 'external', 'internal']),
        description: v.description(),
        addressFamilies: r.subset<AddressFamily>(['ipv4-unicast', 'l2vpn-evpn']),
        ...(r.bool(0.3) ? { routeReflectorClient: true as const } : {}),
        ...(r.bool(0.4) ? { updateSource: r.pick(['LoopBack0', v.ipv4()]) } : {}),
      }),
      (n) => n.peer,
    );
  }

  private vrf(interfaces: readonly InterfaceIntent[]): VrfIntent {
    const { r, v } = this;
    return {
      name: v.name('vpc'),
      l3Vni: v.vni(),
      routeDistinguisher: v.rfc4364(),
      importRouteTargets: r.unique(r.int(0, 3), v.rfc4364, (x) => x),
      exportRouteTargets: r.unique(r.int(0, 2), v.rfc4364, (x) => x),
      staticRoutes: r.unique(
        r.int(0, 4),
        () => (r.bool(0.8) ? { prefix: r.pick(['0.0.0.0/0', v.ipv4Prefix()]), nextHop: v.ipv4() } : { prefix: v.ipv6Prefix(), nextHop: v.ipv6() }),
        (s) => `${s.prefix}=>${s.nextHop}`,
      ),
      neighbors: this.neighbors(interfaces),
      networks: r.unique(r.int(0, 3), v.ipv4Prefix, (x) => x),
      aggregates: r.unique(r.int(0, 2), () => ({ prefix: v.ipv4Prefix(), summaryOnly: r.bool() }), (a) => a.prefix),
      advertiseIpv4Unicast: r.bool(),
      ...(r.bool(0.3) ? { defaultRouteToExternal: true as const } : {}),
    };
  }

  private bridgeDomain(interfaces: readonly InterfaceIntent[], vrfs: readonly VrfIntent[]): BridgeDomainIntent {
    const { r, v } = this;
    const id = v.vni();
    const gateway = r.bool(0.6)
      ? r.bool(0.85)
        ? { ip: `10.${r.int(0, 255)}.${r.int(0, 255)}.1`, prefixLength: r.int(8, 30), mac: v.mac() }
        : { ip: v.ipv6(), prefixLength: 64, mac: v.mac() }
      : undefined;
    return {
      id,
      l2Vni: r.bool(0.8) ? id : v.vni(),
      description: v.description(),
      routeDistinguisher: v.rfc4364(),
      importRouteTargets: r.unique(r.int(0, 2), v.rfc4364, (x) => x),
      exportRouteTargets: r.unique(r.int(0, 2), v.rfc4364, (x) => x),
      arpSuppression: r.bool(),
      ...(vrfs.length && r.bool(0.6) ? { vrf: r.pick(vrfs).name } : {}),
      ...(gateway ? { gateway } : {}),
      attachments: r.unique(
        r.int(0, 3),
        () => ({ interface: interfaces.length && r.bool(0.8) ? r.pick(interfaces).name : v.interfaceName(), vlan: v.vlan() }),
        (a) => `${a.interface}.${a.vlan}`,
      ),
    };
  }

  /** One subinterface belongs to one bridge domain: later duplicates are dropped. */
  private withUniqueAttachments(bds: BridgeDomainIntent[]): BridgeDomainIntent[] {
    const taken = new Set<string>();
    return bds.map((bd) => ({
      ...bd,
      attachments: bd.attachments.filter((a) => {
        const k = `${a.interface}.${a.vlan}`;
        if (taken.has(k)) return false;
        taken.add(k);
        return true;
      }),
    }));
  }

  private acl(bridgeDomains: readonly BridgeDomainIntent[]): AclIntent {
    const { r, v } = this;
    const rule = (): AclRuleIntent => {
      const v6 = r.bool(0.2);
      const address = () => (r.bool(0.3) ? 'any' : v6 ? v.ipv6Prefix() : v.ipv4Prefix());
      const protocol = r.pick(['any', 'tcp', 'udp', 'icmp'] as const);
      return {
        sequence: r.int(1, 1000),
        action: r.pick(['permit', 'deny'] as const),
        protocol,
        source: address(),
        destination: address(),
        ...((protocol === 'tcp' || protocol === 'udp') && r.bool(0.7) ? { destinationPort: r.pick(['443', '53', '8000-8080', '1-65535']) } : {}),
      };
    };
    const bdIds = bridgeDomains.map((b) => b.id);
    return {
      name: v.name('acl'),
      rules: r.unique(r.int(0, 5), rule, (x) => String(x.sequence)),
      bindings: r.unique(
        r.int(0, 3),
        () => ({ bridgeDomain: bdIds.length && r.bool(0.8) ? r.pick(bdIds) : v.vni(), direction: r.pick(['inbound', 'outbound'] as const) }),
        (b) => `${b.bridgeDomain}/${b.direction}`,
      ),
    };
  }

  private nat(vrfs: readonly VrfIntent[]): NatIntent {
    const { r, v } = this;
    return {
      vrf: vrfs.length && r.bool(0.8) ? r.pick(vrfs).name : v.name('vpc'),
      snatPools: r.unique(r.int(0, 2), () => (r.bool() ? `203.0.113.${r.pick([0, 16, 32])}/28` : `198.51.100.${r.int(1, 254)}`), (x) => x),
      staticNat: r.unique(r.int(0, 3), () => ({ public: `198.51.100.${r.int(1, 254)}`, private: v.ipv4() }), (s) => s.public),
    };
  }
}

/** `fresh`'s content under `old`'s key (an entry modified in place); a plain value is replaced. */
function rekeyed<T>(fresh: T, old: T): T {
  if (typeof old !== 'object' || old === null) return fresh;
  const o = old as Record<string, unknown>;
  const k = ['name', 'peer', 'id', 'vrf'].find((k) => k in o);
  return k ? { ...fresh, [k]: o[k] } : fresh;
}
