/**
 * The emulated switch's configuration as VRP's CLI holds it: views and lines in creation order,
 * changed one typed line at a time with VRP's rules (settings it replaces, settings it refuses to
 * change in place, what an `undo` removes, references that must exist first).
 *
 * Line at a time: the emulated switch's CLI applies each line as it is typed, in the view the
 * operator is in, and rejects it there, as the switch does; the dialect's tests replay change sets
 * through it. It is written from how VRP behaves, apart from the renderer, so that `renderChanges`
 * is checked against something it does not share code with.
 */
export interface VrpNode {
  text: string;
  view: boolean;
  children: VrpNode[];
}

/** A line the switch refuses (its meaning is known but it cannot be applied here and now). */
export class VrpCommandError extends Error {
  constructor(
    readonly command: string,
    readonly reason: string,
  ) {
    super(reason);
    this.name = 'VrpCommandError';
  }
}

const VIEWS: [RegExp, RegExp][] = [
  [/^$/, /^(interface \S+( mode l2)?|bridge-domain \d+|ip vpn-instance \S+|acl (ipv6 )?name \S+( advance)?|bgp \d+|ospf \d+( router-id \S+)?|nat instance \S+)$/],
  [/^ip vpn-instance /, /^ipv[46]-family$/],
  [/^bgp /, /^(ipv[46]-family (unicast|vpn-instance \S+)|l2vpn-family evpn)$/],
  [/^bridge-domain /, /^evpn$/],
  [/^ospf /, /^area \S+$/],
];
/** The identity of a view: how it is re-entered once it exists. */
export const viewKey = (text: string): string =>
  text.replace(/ mode l2$/, '').replace(/^(acl (?:ipv6 )?name \S+) advance$/, '$1').replace(/^(ospf \d+) router-id \S+$/, '$1');
const REPLACE = /^(sysname|description|mtu|router-id|mac-address|source|ip address|peer \S+ description|peer \S+ connect-interface) /;
const IN_PLACE_REFUSED = /^(vxlan vni|route-distinguisher|peer \S+ as-number|rule \d+|encapsulation|bridge-domain|ip binding vpn-instance|aggregate \S+ \S+) /;
const prefixOf = (re: RegExp, text: string) => re.exec(`${text} `)?.[1];
const fail = (command: string, reason: string): never => {
  throw new VrpCommandError(command, reason);
};

export class VrpConfigModel {
  private readonly root: VrpNode = { text: '', view: true, children: [] };

  /** Reads `display current-configuration` text (one space of indentation per view level). */
  static load(config: string): VrpConfigModel {
    const model = new VrpConfigModel();
    const stack = [model.root];
    for (const raw of config.split('\n')) {
      const text = raw.trim();
      if (!text || text === '#' || text === 'return' || text.startsWith('!')) continue;
      const depth = raw.length - raw.trimStart().length;
      stack.length = depth + 1;
      const node: VrpNode = { text, view: false, children: [] };
      stack[depth]!.view = true;
      stack[depth]!.children.push(node);
      stack.push(node);
    }
    const markViews = (n: VrpNode, parent: string) => {
      n.view ||= VIEWS.some(([p, v]) => p.test(parent) && v.test(n.text));
      n.children.forEach((c) => markViews(c, n.text));
    };
    model.root.children.forEach((c) => markViews(c, ''));
    return model;
  }

  /** Whether `command`, typed in the view whose text is `parentView` ('' for system view), enters a view. */
  static entersView(parentView: string, command: string): boolean {
    return VIEWS.some(([p, v]) => p.test(parentView) && v.test(command));
  }

  /**
   * Applies one line typed in the view reached by `path` (the view commands from system view
   * down); returns the path the session is in afterwards. Throws VrpCommandError when refused.
   */
  apply(path: readonly string[], command: string): string[] {
    const stack = this.resolve(path);
    const here = stack.at(-1)!;
    if (VrpConfigModel.entersView(here.text, command)) {
      const entered = this.enter(here, command);
      return [...path, entered.text];
    }
    if (command.startsWith('undo ') && command !== 'undo portswitch' && command !== 'undo policy vpn-target') {
      this.undo(stack, command);
    } else if (command === 'portswitch' || command === 'policy vpn-target') {
      this.remove(here, (n) => n.text === `undo ${command}`, command);
    } else {
      this.set(stack, command);
    }
    return [...path];
  }

  /** The nodes of the views named by `path`; every view on it must exist. */
  private resolve(path: readonly string[]): VrpNode[] {
    const stack = [this.root];
    for (const text of path) {
      const next = stack.at(-1)!.children.find((c) => c.view && viewKey(c.text) === viewKey(text));
      if (!next) fail(text, `The view "${text}" no longer exists`);
      stack.push(next!);
    }
    return stack;
  }

  private enter(here: VrpNode, command: string): VrpNode {
    const existing = here.children.find((c) => c.view && viewKey(c.text) === viewKey(command));
    if (existing) {
      if (/^ospf \d+ router-id /.test(command)) existing.text = command;
      return existing;
    }
    if (/^interface \S+\.\d+$/.test(command)) fail(command, 'An L2 sub-interface is created with "mode l2"');
    if (/^acl (ipv6 )?name \S+$/.test(command)) fail(command, 'A new named ACL needs its type ("advance")');
    const vbdif = /^interface Vbdif(\d+)$/.exec(command);
    if (vbdif && !this.top(`bridge-domain ${vbdif[1]}`)) fail(command, `The bridge domain ${vbdif[1]} does not exist`);
    const family = /^(ipv[46]-family) vpn-instance (\S+)$/.exec(command);
    if (family && !this.top(`ip vpn-instance ${family[2]}`)?.children.some((c) => c.text === family[1] && c.children.some((d) => d.text.startsWith('route-distinguisher ')))) {
      fail(command, `The VPN instance ${family[2]} has no ${family[1]} route distinguisher`);
    }
    if (/^bgp \d+$/.test(command) && this.root.children.some((c) => c.text.startsWith('bgp '))) fail(command, 'A BGP process already exists');
    const node: VrpNode = { text: command, view: true, children: [] };
    here.children.push(node);
    return node;
  }

  private top(text: string): VrpNode | undefined {
    return this.root.children.find((c) => viewKey(c.text) === viewKey(text));
  }

  private remove(here: VrpNode, match: (n: VrpNode) => boolean, command: string): void {
    const k = here.children.findIndex(match);
    if (k < 0) fail(command, 'The configuration does not exist');
    here.children.splice(k, 1);
  }

  private undo(stack: VrpNode[], command: string): void {
    const what = command.slice('undo '.length);
    const here = stack.at(-1)!;
    const peer = /^peer (\S+)$/.exec(what);
    if (peer) {
      const mine = (n: VrpNode) => n.text.startsWith(`peer ${peer[1]} `);
      if (!here.children.some(mine)) fail(command, `The peer ${peer[1]} does not exist`);
      const scopes = here.text.startsWith('bgp ') ? [here, ...here.children.filter((c) => c.view && !c.text.startsWith('ipv4-family vpn-instance'))] : [here];
      for (const s of scopes) s.children = s.children.filter((c) => !mine(c));
      return;
    }
    const view = here.children.find((c) => c.view && viewKey(c.text) === what);
    const inUse = (line: string) => this.root.children.some((i) => i.children.some((c) => c.text === line || c.text.startsWith(`${line} `)));
    const bd = /^bridge-domain (\d+)$/.exec(what);
    if (view && bd && (inUse(`bridge-domain ${bd[1]}`) || this.top(`interface Vbdif${bd[1]}`))) fail(command, 'The bridge domain is still bound to interfaces');
    const acl = /^(acl (?:ipv6 )?name \S+)$/.exec(what);
    if (view && acl && inUse(`traffic-filter ${acl[1]}`)) fail(command, 'The ACL is still applied');
    if (view) {
      here.children.splice(here.children.indexOf(view), 1);
      const vrf = /^ip vpn-instance (\S+)$/.exec(what);
      if (vrf) for (const i of this.root.children) if (i.children.some((c) => c.text === `ip binding vpn-instance ${vrf[1]}`)) i.children = i.children.filter((c) => !/^ip (binding vpn-instance|address) /.test(c.text));
      return;
    }
    const hits = here.children.filter((c) => !c.view && (c.text === what || c.text.startsWith(`${what} `)));
    if (hits.length === 0) fail(command, 'The configuration does not exist');
    if (hits.length > 1) fail(command, `The command is ambiguous: it matches ${hits.map((h) => h.text).join(' | ')}`);
    here.children.splice(here.children.indexOf(hits[0]!), 1);
    if (what.startsWith('ip binding vpn-instance ')) here.children = here.children.filter((c) => !c.text.startsWith('ip address '));
  }

  private set(stack: VrpNode[], command: string): void {
    const here = stack.at(-1)!;
    this.checkReferences(stack, command);
    if (here.children.some((c) => !c.view && c.text === command)) return;
    const replaced = prefixOf(REPLACE, command);
    const refused = prefixOf(IN_PLACE_REFUSED, command);
    if (refused && here.children.some((c) => !c.view && (c.text === refused || c.text.startsWith(`${refused} `)))) fail(command, `"${refused}" is already configured; undo it first`);
    if (replaced) here.children = here.children.filter((c) => c.view || !c.text.startsWith(`${replaced} `));
    if (command.startsWith('ip binding vpn-instance ')) here.children = here.children.filter((c) => !c.text.startsWith('ip address '));
    here.children.push({ text: command, view: false, children: [] });
  }

  private checkReferences(stack: VrpNode[], command: string): void {
    const here = stack.at(-1)!;
    const peer = /^peer (\S+) (?!as-number)/.exec(command);
    if (peer) {
      const owner = here.text.startsWith('ipv4-family vpn-instance') || here.text.startsWith('bgp ') ? here : stack[1]!;
      if (!owner.children.some((c) => c.text.startsWith(`peer ${peer[1]} as-number `))) fail(command, `The peer ${peer[1]} does not exist`);
    }
    if (command.startsWith('vpn-target ') && !here.children.some((c) => c.text.startsWith('route-distinguisher '))) fail(command, 'Configure the route distinguisher first');
    const bd = /^bridge-domain (\d+)$/.exec(command);
    if (bd && !this.top(`bridge-domain ${bd[1]}`)) fail(command, `The bridge domain ${bd[1]} does not exist`);
    const vrf = /^ip binding vpn-instance (\S+)$/.exec(command);
    if (vrf && !this.top(`ip vpn-instance ${vrf[1]}`)) fail(command, `The VPN instance ${vrf[1]} does not exist`);
    const acl = /^traffic-filter (acl (?:ipv6 )?name \S+) /.exec(command);
    if (acl && !this.top(acl[1]!)) fail(command, `The ${acl[1]} does not exist`);
    const vni = /^vni (\d+) head-end/.exec(command);
    if (vni && !this.root.children.some((c) => c.text.startsWith('bridge-domain ') && c.children.some((d) => d.text === `vxlan vni ${vni[1]}`))) fail(command, `No bridge domain has VNI ${vni[1]}`);
    if (command.startsWith('ospf enable ') && !this.top(`ospf ${command.split(' ')[2]}`)) fail(command, 'The OSPF process does not exist');
    const group = /^nat outbound .* address-group (\S+)$/.exec(command);
    if (group && !here.children.some((c) => c.text.startsWith(`nat address-group ${group[1]} `))) fail(command, `The address group ${group[1]} does not exist`);
  }

  /** The configuration as the switch displays it (its own order: creation order). */
  print(): string {
    const out: string[] = [];
    const walk = (nodes: VrpNode[], depth: number) => {
      for (const n of nodes) {
        if (depth === 0) out.push('#');
        out.push(' '.repeat(depth) + n.text);
        walk(n.children, depth + 1);
      }
    };
    walk(this.root.children, 0);
    out.push('#', 'return');
    return `${out.join('\n')}\n`;
  }
}
