/**
 * One configuration line and the views it sits in. Every entity of a DeviceIntent (a VRF, a peer,
 * an ACL rule…) renders to a list of fragments; the full configuration is their merge, and a change
 * to an entity is the difference between its fragments before and after. One source of syntax for
 * `render` and `renderChanges`.
 */
export interface Fragment {
  /** Texts of the enclosing views, outermost first (`['bgp 65000', 'l2vpn-family evpn']`). */
  path: readonly string[];
  text: string;
  /** The line opens a view this entity owns: undoing it removes everything inside. */
  view?: true;
  /** Undoing this line removes the entity's other lines too (`peer X as-number` → `undo peer X`). */
  removesEntity?: true;
  /**
   * Extra identity: the line is sent again when the tag changes although its text does not
   * (binding a Vbdif to another VPN instance clears its IP address, which must then be re-sent).
   */
  tag?: string;
}

export const line = (path: readonly string[], text: string, extra: Omit<Fragment, 'path' | 'text'> = {}): Fragment => ({ path, text, ...extra });
export const view = (path: readonly string[], text: string): Fragment => ({ path, text, view: true });
