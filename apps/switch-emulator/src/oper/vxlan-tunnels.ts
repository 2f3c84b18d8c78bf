import type { VxlanTunnel } from './operational-view.js';
import type { WireRoute } from './wire-protocol.js';

export interface TunnelRecord extends VxlanTunnel {
  /** `display vxlan tunnel`'s Tunnel ID. */
  id: number;
}

const FIRST_TUNNEL_ID = 4026531841;

/**
 * Dynamic VXLAN tunnels: one per remote VTEP that sent a type-3 route for a locally configured
 * L2 VNI, up while such a route is present. A tunnel whose routes are gone stays listed, down.
 */
export class VxlanTunnelTable {
  private readonly tunnels = new Map<string, TunnelRecord>();

  rebuild(vtep: string | undefined, localVnis: ReadonlySet<number>, rib: readonly WireRoute[], now = new Date()): void {
    const byDestination = new Map<string, Set<number>>();
    if (vtep) {
      for (const r of rib) {
        if (r.family !== 'evpn' || r.type !== 3 || r.nextHop === vtep || !localVnis.has(r.vni!)) continue;
        byDestination.set(r.nextHop, (byDestination.get(r.nextHop) ?? new Set()).add(r.vni!));
      }
    }
    for (const [destination, vnis] of byDestination) {
      const t = this.tunnels.get(destination) ?? { id: FIRST_TUNNEL_ID + this.tunnels.size, source: vtep!, destination, state: 'down', vnis: [], upSince: now };
      if (t.state === 'down') Object.assign(t, { state: 'up', upSince: now });
      t.source = vtep!;
      t.vnis = [...vnis].sort((a, b) => a - b);
      this.tunnels.set(destination, t);
    }
    for (const [destination, t] of this.tunnels) if (!byDestination.has(destination)) t.state = 'down';
  }

  records(): TunnelRecord[] {
    return [...this.tunnels.values()].sort((a, b) => a.id - b.id).map((t) => ({ ...t, vnis: [...t.vnis] }));
  }
}
