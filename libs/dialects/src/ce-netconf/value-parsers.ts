import { Asn, Cidr, InvalidValueError, IpAddress, MacAddress, RouteDistinguisher, RouteTarget, VlanId, Vni } from '#domain';

/** A check that keeps the document's own text: DeviceIntent holds addresses as written. */
function keep(check: (raw: string) => unknown): (raw: string) => string {
  return (raw) => {
    check(raw);
    return raw;
  };
}

/**
 * Leaf value checks for the parser. Each returns the value as DeviceIntent holds it (the document's
 * own text for addresses and communities, numbers for numbers) and throws InvalidValueError with the
 * domain's explanation otherwise; the cursor adds the path.
 */
export const V = {
  vni: (raw: string): number => Vni.parse(decimal(raw, 'VNI')),
  vlan: (raw: string): number => VlanId.parse(decimal(raw, 'VLAN ID')),
  asn: (raw: string): number => Asn.parse(decimal(raw, 'ASN')),
  uint: (label: string, min: number, max: number) => (raw: string): number => {
    const n = Number(decimal(raw, label));
    if (!Number.isSafeInteger(n) || n < min || n > max) throw new InvalidValueError(`${label} ${JSON.stringify(raw)} is out of range ${min}..${max}`);
    return n;
  },
  ip: keep((raw) => IpAddress.parse(raw)),
  ipv4: (raw: string): string => {
    if (IpAddress.parse(raw).version !== 4) throw new InvalidValueError(`${JSON.stringify(raw)} is not an IPv4 address`);
    return raw;
  },
  prefix: keep((raw) => Cidr.parse(raw)),
  ipv4Prefix: (raw: string): string => {
    if (Cidr.parse(raw).network.version !== 4) throw new InvalidValueError(`${JSON.stringify(raw)} is not an IPv4 prefix`);
    return raw;
  },
  ipv6Prefix: (raw: string): string => {
    if (Cidr.parse(raw).network.version !== 6) throw new InvalidValueError(`${JSON.stringify(raw)} is not an IPv6 prefix`);
    return raw;
  },
  addressOrPrefix: keep((raw) => (raw.includes('/') ? Cidr.parse(raw) : IpAddress.parse(raw))),
  mac: keep((raw) => MacAddress.parse(raw, undefined, { unicast: true })),
  routeDistinguisher: keep((raw) => RouteDistinguisher.parse(raw)),
  routeTarget: keep((raw) => RouteTarget.parse(raw)),
  bool: (raw: string): boolean => {
    if (raw !== 'true' && raw !== 'false') throw new InvalidValueError(`${JSON.stringify(raw)} is not a boolean (true or false)`);
    return raw === 'true';
  },
  nonEmpty: (label: string) => (raw: string): string => {
    if (raw.trim() === '') throw new InvalidValueError(`${label} is empty`);
    return raw;
  },
};

/** YANG integers are plain decimals: "1e3", " 7", "+7" or "0x10" are not numbers here. */
function decimal(raw: string, label: string): string {
  if (!/^(0|[1-9]\d*)$/.test(raw)) throw new InvalidValueError(`${label} ${JSON.stringify(raw)} is not a decimal integer`);
  return raw;
}
