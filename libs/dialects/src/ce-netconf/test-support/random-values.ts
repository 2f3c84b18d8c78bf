import type { Rng } from './rng.js';

/** Random values of the kinds DeviceIntent holds, all valid for their field. */
export const randomValues = (r: Rng) => ({
  ipv4: () => `10.${r.int(0, 255)}.${r.int(0, 255)}.${r.int(1, 254)}`,
  ipv6: () => `2001:db8:${r.int(1, 0xffff).toString(16)}::${r.int(1, 0xffff).toString(16)}`,
  ipv4Prefix: () =>
    r.pick([
      () => `10.${r.int(0, 255)}.${r.int(0, 255)}.${r.int(1, 254)}/32`,
      () => `10.${r.int(0, 255)}.${r.int(0, 255)}.${r.pick([0, 64, 128, 192])}/26`,
      () => `10.${r.int(0, 255)}.${r.int(0, 255)}.0/24`,
      () => `172.${r.int(16, 31)}.0.0/16`,
      () => '0.0.0.0/0',
    ])(),
  ipv6Prefix: () => r.pick([() => `2001:db8:${r.int(1, 0xffff).toString(16)}::/48`, () => `2001:db8::${r.int(1, 0xffff).toString(16)}/128`])(),
  /** Route distinguishers and targets in all three RFC 4364 encodings. */
  rfc4364: () =>
    r.pick([
      () => `${r.int(1, 65535)}:${r.int(0, 4294967295)}`,
      () => `10.0.${r.int(0, 255)}.${r.int(1, 254)}:${r.int(0, 65535)}`,
      () => `${r.int(65536, 4294967295)}:${r.int(0, 65535)}`,
    ])(),
  vni: () => r.int(1, 16_777_214),
  vlan: () => r.int(1, 4094),
  asn: () => r.pick([() => r.int(1, 65535), () => r.int(4_200_000_000, 4_294_967_294)])(),
  mac: () => ['02', ...Array.from({ length: 5 }, () => r.int(0, 255).toString(16).padStart(2, '0'))].join(':'),
  description: () => r.pick(['', 'to spine-1 10GE1/0/1', 'web & db <tier>', '  padded  ', 'ünïcødé "quoted" \'x\'', 'node-7 vswitch']),
  interfaceName: () => r.pick([() => `10GE1/0/${r.int(1, 48)}`, () => `25GE1/0/${r.int(1, 8)}`, () => `Eth-Trunk${r.int(1, 16)}`])(),
  name: (prefix: string) => `${prefix}-${r.pick(['blue', 'red', 'green', 'a', 'b.c', 'x_1'])}${r.int(1, 99)}`,
});
