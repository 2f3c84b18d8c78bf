import { canonicalize } from '#intent';
import { describe, expect, it } from 'vitest';
import { ceCliDialect } from './index.js';
import { randomIntent } from './testing/random-intent.js';

const SEEDS = Array.from({ length: 300 }, (_, k) => k + 1);

describe('ce-cli round trip', () => {
  it.each(SEEDS)('parse(render(i)) equals canonicalize(i) for random intent #%i', (seed) => {
    const intent = randomIntent(seed);
    const text = ceCliDialect.render(intent);
    expect(ceCliDialect.parse(text, { device: intent.device, role: intent.role })).toEqual(canonicalize(intent));
  });

  it('renders the same text whatever the order of the intent lists', () => {
    const intent = randomIntent(42);
    const shuffled = { ...intent, interfaces: [...intent.interfaces].reverse(), vrfs: [...intent.vrfs].reverse(), acls: [...intent.acls].reverse(), bridgeDomains: [...intent.bridgeDomains].reverse() };
    expect(ceCliDialect.render(shuffled)).toBe(ceCliDialect.render(intent));
  });

  it('reads a configuration whatever the order of its sections and lines', () => {
    const intent = randomIntent(7);
    const sections = ceCliDialect.render(intent).replace(/\n#\nreturn\n$/, '').split('\n#\n');
    const reversed = `${sections.reverse().join('\n#\n')}\n#\nreturn\n`;
    expect(ceCliDialect.parse(reversed, { device: intent.device, role: intent.role })).toEqual(canonicalize(intent));
  });
});
