import { Asn, InvalidValueError, RouteTarget, Vni } from '#domain';

/**
 * The auto-derived route target of a VNI: "<asn>:<vni>" (RFC 8365 §5.1.2.1, in the common
 * "ASN:VNI" shape Cumulus, SONiC/FRR and NX-OS use).
 *
 * With a 2-byte ASN this is a type-0 target and any VNI fits. With a 4-byte ASN the target is
 * type 2 and its number field has only 16 bits: a VNI above 65535 cannot be encoded, and
 * truncating it (vni & 0xffff) would let two VNIs share a target and leak routes between them.
 * That case throws, telling the operator to set the route target explicitly.
 */
export function routeTargetFor(asn: number, vni: number): string {
  const parsedAsn = Asn.parse(asn, 'asn');
  const parsedVni = Vni.parse(vni, 'vni');
  if (Asn.isFourByte(parsedAsn) && parsedVni > 65_535) {
    throw new InvalidValueError(
      `cannot derive a route target for VNI ${parsedVni} from 4-byte ASN ${parsedAsn}: a type-2 route target holds only 0..65535; set the route target explicitly`,
      'routeTarget',
      { asn: parsedAsn, vni: parsedVni },
    );
  }
  return RouteTarget.parse(`${parsedAsn}:${parsedVni}`, 'routeTarget').toString();
}
