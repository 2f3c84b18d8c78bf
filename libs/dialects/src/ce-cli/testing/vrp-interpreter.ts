/**
 * A small model of a VRP switch's configuration for tests: load `display current-configuration`
 * text, type a command script at it (system-view … commit, return), print the result. Written
 * apart from the dialect, from how VRP behaves, so that renderChanges is checked against
 * something it does not share code with: settings VRP replaces (`description`), settings it
 * refuses to change in place (`vxlan vni`, `peer X as-number`, an existing `rule N`), what an
 * `undo` removes (`undo peer X` in every family; `ip binding vpn-instance` clears the address),
 * and references that must exist first (a peer before `peer X enable`, a VPN instance before
 * binding it, an RD before route targets, a bridge domain before a sub-interface joins it).
 */
interface Node {
  text: string;
  view: boolean;
  children: Node[];
}

export class VrpCommandError extends Error {
  constructor(
    readonly lineNo: number,
    readonly command: string,
    reason: string,
  ) {
    super(`script line ${lineNo} "${command}": ${reason}`);
  }
}

const VIEWS: [RegExp, RegExp][] = [
  [/^$/, /^(interface \S+( mode l2)?|bridge-domain \d+|ip vpn-instance \S+|acl (ipv6 )?name \S+( advance)?|bgp \d+|ospf \d+( router-id \S+)?|nat instance \S+)$/],
  [/^ip vpn-instance /, /^ipv[46]-family$/],
  [/^bgp /, /^(ipv[46]-family (unicast|vpn-instance \S+)|l2vpn-family evpn)$/],
  [/^bridge-domain /, /^evpn$/],
  [/^ospf /, /^area \S+$/],
];
const key = (text: string) => text.replace(/ mode l2$/, '').replace(/^(acl (?:ipv6 )?name \S+) advance$/, '$1').replace(/^(ospf \d+) router-id \S+$/, '$1');
const REPLACE = /^(sysname|description|mtu|router-id|mac-address|source|ip address|peer \S+ description|peer \S+ connect-interface) /;
const IN_PLACE_REFUSED = /^(vxlan vni|route-distinguisher|peer \S+ as-number|rule \d+|encapsulation|bridge-domain|ip binding vpn-instance|aggregate \S+ \S+) /;
const prefixOf = (re: RegExp, text: string) => re.exec(`${text} `)?.[1];

export class VrpInterpreter {
  private readonly root: Node = { text: '', view: true, children: [] };

  static load(config: string): VrpInterpreter {
    const vrp = new VrpInterpreter();
    const stack = [vrp.root];
    for (const raw of config.split('\n')) {
      const text = raw.trim();
      if (!text || text === '#' || text === 'return' || text.startsWith('!')) continue;
      const depth = raw.length - raw.trimStart().length;
      stack.length = depth + 1;
      const node: Node = { text, view: false, children: [] };
      stack[depth]!.view = true;
      stack[depth]!.children.push(node);
      stack.push(node);
    }
    const markViews = (n: Node, parent: string) => {
      n.view ||= VIEWS.some(([p, v]) => p.test(parent) && v.test(n.text));
      n.children.forEach((c) => markViews(c, n.text));
    };
    vrp.root.children.forEach((c) => markViews(c, ''));
    return vrp;
  }

  /** Type a script; any line VRP would reject throws VrpCommandError. */
  type(script: string): void {
    const lines = script.split('\n').map((l) => l.trim());
    if (lines.at(-1) === '') lines.pop();
    if (lines[0] !== 'system-view' || lines.at(-2) !== 'commit' || lines.at(-1) !== 'return') throw new Error(`not a system-view … commit / return script:\n${script}`);
    const stack: Node[] = [this.root];
    lines.slice(1, -2).forEach((command, k) => {
      const fail = (reason: string): never => {
        throw new VrpCommandError(k + 2, command, reason);
      };
      const here = stack.at(-1)!;
      if (command === 'quit') return void (stack.length > 1 ? stack.pop() : fail('already in the system view'));
      if (VIEWS.some(([p, v]) => p.test(here.text) && v.test(command))) return void stack.push(this.enter(here, command, fail));
      if (command.startsWith('undo ') && command !== 'undo portswitch' && command !== 'undo policy vpn-target') return this.undo(stack, command.slice(5), fail);
      if (command === 'portswitch' || command === 'policy vpn-target') return this.remove(here, (n) => n.text === `undo ${command}`, fail);
      this.set(stack, command, fail);
    });
  }

  private enter(here: Node, command: string, fail: (r: string) => never): Node {
    const existing = here.children.find((c) => c.view && key(c.text) === key(command));
    if (existing) {
      if (/^ospf \d+ router-id /.test(command)) existing.text = command;
      return existing;
    }
    if (/^interface \S+\.\d+$/.test(command)) fail('an L2 sub-interface is created with "mode l2"');
    if (/^acl (ipv6 )?name \S+$/.test(command)) fail('a new named ACL needs its type ("advance")');
    const vbdif = /^interface Vbdif(\d+)$/.exec(command);
    if (vbdif && !this.top(`bridge-domain ${vbdif[1]}`)) fail(`bridge-domain ${vbdif[1]} does not exist`);
    const family = /^(ipv[46]-family) vpn-instance (\S+)$/.exec(command);
    if (family && !this.top(`ip vpn-instance ${family[2]}`)?.children.some((c) => c.text === family[1] && c.children.some((d) => d.text.startsWith('route-distinguisher ')))) {
      fail(`vpn-instance ${family[2]} has no ${family[1]} route distinguisher`);
    }
    if (/^bgp \d+$/.test(command) && this.root.children.some((c) => c.text.startsWith('bgp '))) fail('a BGP process already exists');
    const node: Node = { text: command, view: true, children: [] };
    here.children.push(node);
    return node;
  }

  private top(text: string): Node | undefined {
    return this.root.children.find((c) => key(c.text) === key(text));
  }

  private remove(here: Node, match: (n: Node) => boolean, fail: (r: string) => never): void {
    const k = here.children.findIndex(match);
    if (k < 0) fail('nothing to undo');
    here.children.splice(k, 1);
  }

  private undo(stack: Node[], what: string, fail: (r: string) => never): void {
    const here = stack.at(-1)!;
    const peer = /^peer (\S+)$/.exec(what);
    if (peer) {
      const mine = (n: Node) => n.text.startsWith(`peer ${peer[1]} `);
      if (!here.children.some(mine)) fail('no such peer');
      const scopes = here.text.startsWith('bgp ') ? [here, ...here.children.filter((c) => c.view && !c.text.startsWith('ipv4-family vpn-instance'))] : [here];
      for (const s of scopes) s.children = s.children.filter((c) => !mine(c));
      return;
    }
    const view = here.children.find((c) => c.view && key(c.text) === what);
    const inUse = (line: string) => this.root.children.some((i) => i.children.some((c) => c.text === line || c.text.startsWith(`${line} `)));
    const bd = /^bridge-domain (\d+)$/.exec(what);
    if (view && bd && (inUse(`bridge-domain ${bd[1]}`) || this.top(`interface Vbdif${bd[1]}`))) fail('the bridge domain is still bound to interfaces');
    const acl = /^(acl (?:ipv6 )?name \S+)$/.exec(what);
    if (view && acl && inUse(`traffic-filter ${acl[1]}`)) fail('the ACL is still applied');
    if (view) {
      here.children.splice(here.children.indexOf(view), 1);
      const vrf = /^ip vpn-instance (\S+)$/.exec(what);
      if (vrf) for (const i of this.root.children) if (i.children.some((c) => c.text === `ip binding vpn-instance ${vrf[1]}`)) i.children = i.children.filter((c) => !/^ip (binding vpn-instance|address) /.test(c.text));
      return;
    }
    const hits = here.children.filter((c) => !c.view && (c.text === what || c.text.startsWith(`${what} `)));
    if (hits.length === 0) fail('nothing to undo');
    if (hits.length > 1) fail(`ambiguous: matches ${hits.map((h) => h.text).join(' | ')}`);
    here.children.splice(here.children.indexOf(hits[0]!), 1);
    if (what.startsWith('ip binding vpn-instance ')) here.children = here.children.filter((c) => !c.text.startsWith('ip address '));
  }

  private set(stack: Node[], command: string, fail: (r: string) => never): void {
    const here = stack.at(-1)!;
    this.checkReferences(stack, command, fail);
    if (here.children.some((c) => !c.view && c.text === command)) return;
    const replaced = prefixOf(REPLACE, command);
    const refused = prefixOf(IN_PLACE_REFUSED, command);
    if (refused && here.children.some((c) => !c.view && (c.text === refused || c.text.startsWith(`${refused} `)))) fail(`"${refused}" is already configured; undo it first`);
    if (replaced) here.children = here.children.filter((c) => c.view || !c.text.startsWith(`${replaced} `));
    if (command.startsWith('ip binding vpn-instance ')) here.children = here.children.filter((c) => !c.text.startsWith('ip address '));
    here.children.push({ text: command, view: false, children: [] });
  }

  private checkReferences(stack: Node[], command: string, fail: (r: string) => never): void {
    const here = stack.at(-1)!;
    const peer = /^peer (\S+) (?!as-number)/.exec(command);
    if (peer) {
      const owner = here.text.startsWith('ipv4-family vpn-instance') || here.text.startsWith('bgp ') ? here : stack[1]!;
      if (!owner.children.some((c) => c.text.startsWith(`peer ${peer[1]} as-number `))) fail(`peer ${peer[1]} does not exist`);
    }
    if (command.startsWith('vpn-target ') && !here.children.some((c) => c.text.startsWith('route-distinguisher '))) fail('configure the route distinguisher first');
    const bd = /^bridge-domain (\d+)$/.exec(command);
    if (bd && !this.top(`bridge-domain ${bd[1]}`)) fail(`bridge-domain ${bd[1]} does not exist`);
    const vrf = /^ip binding vpn-instance (\S+)$/.exec(command);
    if (vrf && !this.top(`ip vpn-instance ${vrf[1]}`)) fail(`vpn-instance ${vrf[1]} does not exist`);
    const acl = /^traffic-filter (acl (?:ipv6 )?name \S+) /.exec(command);
    if (acl && !this.top(acl[1]!)) fail(`${acl[1]} does not exist`);
    const vni = /^vni (\d+) head-end/.exec(command);
    if (vni && !this.root.children.some((c) => c.text.startsWith('bridge-domain ') && c.children.some((d) => d.text === `vxlan vni ${vni[1]}`))) fail(`no bridge domain has VNI ${vni[1]}`);
    if (command.startsWith('ospf enable ') && !this.top(`ospf ${command.split(' ')[2]}`)) fail('the OSPF process does not exist');
    const group = /^nat outbound .* address-group (\S+)$/.exec(command);
    if (group && !here.children.some((c) => c.text.startsWith(`nat address-group ${group[1]} `))) fail(`address group ${group[1]} does not exist`);
  }

  /** The configuration as the switch would display it (its own order: creation order). */
  print(): string {
    const out: string[] = [];
    const walk = (nodes: Node[], depth: number) => {
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
