import { canonicalize } from '#intent';
import { describe, expect, it } from 'vitest';
import { ceNetconfDialect } from './ce-netconf.dialect.js';
import { fixtureIntents } from './test-support/fixture-intents.js';
import { randomIntent } from './test-support/random-intent.js';

const roundTrip = (intent: Parameters<typeof ceNetconfDialect.render>[0]) =>
  ceNetconfDialect.parse(ceNetconfDialect.render(intent), { device: intent.device, role: intent.role });

describe('ce-netconf round trip: parse(render(i)) = canonicalize(i)', () => {
  it.each(fixtureIntents().map((f) => [`${f.caseName}/${f.device}`, f.intent] as const))('fixture %s', (_name, intent) => {
    expect(roundTrip(intent)).toEqual(canonicalize(intent));
  });

  it('holds for 300 generated intents', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const intent = randomIntent(seed);
      expect(roundTrip(intent), `seed ${seed}`).toEqual(canonicalize(intent));
    }
  });

  it('renders equal intents to identical text whatever their list order', () => {
    for (let seed = 301; seed <= 320; seed++) {
      const intent = randomIntent(seed);
      const shuffled = {
        ...intent,
        interfaces: [...intent.interfaces].reverse(),
        vrfs: [...intent.vrfs].reverse().map((v) => ({ ...v, staticRoutes: [...v.staticRoutes].reverse(), neighbors: [...v.neighbors].reverse() })),
        bridgeDomains: [...intent.bridgeDomains].reverse().map((b) => ({ ...b, attachments: [...b.attachments].reverse() })),
        acls: [...intent.acls].reverse().map((a) => ({ ...a, rules: [...a.rules].reverse() })),
      };
      expect(ceNetconfDialect.render(shuffled), `seed ${seed}`).toBe(ceNetconfDialect.render(intent));
    }
  });

  it('reads a get-config <data> reply with other prefixes and unmanaged subtrees', () => {
    const intent = randomIntent(7);
    const rendered = ceNetconfDialect.render(intent);
    const reply = rendered
      .replace('<config xmlns="urn:ietf:params:xml:ns:netconf:base:1.0"', '<nc:data xmlns:nc="urn:ietf:params:xml:ns:netconf:base:1.0" xmlns:t="http://openconfig.net/yang/network-instance-types"')
      .replace(/<\/config>\n$/, '<lldp xmlns="http://openconfig.net/yang/lldp"><config><enabled>true</enabled></config></lldp></nc:data>\n')
      .replaceAll('oc-ni-types:', 't:');
    expect(ceNetconfDialect.parse(reply, { device: intent.device, role: intent.role })).toEqual(canonicalize(intent));
  });
});
