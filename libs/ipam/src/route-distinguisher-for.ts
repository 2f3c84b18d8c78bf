import { Asn, InvalidValueError, IpAddress, RouteDistinguisher } from '#domain';

/**
 * The route distinguisher of one VRF or EVI on one device: "<router-id>:<index>" (type 1, the
 * form RFC 7432 §7.9 prescribes for EVPN auto-RDs, unique per device without coordination) or
 * "<asn>:<index>" (type 0 for a 2-byte ASN, type 2 for a 4-byte one).
 *
 * A string with dots in dotted-quad form is taken as a router ID; a number or a decimal/asdot
 * string as an ASN. The index range depends on the type (0..65535 except for type 0), and an
 * index that does not fit throws InvalidValueError rather than being truncated into a collision.
 * Returns the canonical text.
 */
export function routeDistinguisherFor(routerIdOrAsn: string | number, index: number): string {
  if (!Number.isSafeInteger(index) || index < 0) {
    throw new InvalidValueError(`route distinguisher index ${index} must be a non-negative integer`, 'index');
  }
  const administrator =
    typeof routerIdOrAsn === 'string' && routerIdOrAsn.split('.').length === 4
      ? IpAddress.parse(routerIdOrAsn, 'routerId')
      : Asn.parse(routerIdOrAsn, 'asn');
  if (administrator instanceof IpAddress && administrator.version !== 4) {
    throw new InvalidValueError(`router ID ${administrator} must be an IPv4 address`, 'routerId');
  }
  return RouteDistinguisher.parse(`${administrator}:${index}`, 'routeDistinguisher').toString();
}
