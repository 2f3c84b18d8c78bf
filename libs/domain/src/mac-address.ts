import { InvalidValueError } from './errors.js';
import { showValue } from './value-message.js';

export interface MacAddressParseOptions {
  /** Reject group (multicast and broadcast) addresses, e.g. for an anycast gateway or host MAC. */
  unicast?: boolean;
}

// The spellings switch CLIs print: Linux/Arista-JSON colons, Windows hyphens, Cisco dotted
// triplets and Huawei hyphenated triplets. One separator per address; mixing is a typo.
const FORMATS: readonly RegExp[] = [
  /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/i,
  /^[0-9a-f]{2}(-[0-9a-f]{2}){5}$/i,
  /^[0-9a-f]{4}([.-])[0-9a-f]{4}\1[0-9a-f]{4}$/i,
];

/** An EUI-48 MAC address, canonical as lowercase colon-separated octets. */
export class MacAddress {
  private constructor(private readonly text: string) {}

  static parse(raw: unknown, field?: string, options: MacAddressParseOptions = {}): MacAddress {
    if (typeof raw !== 'string') {
      throw new InvalidValueError(`MAC address must be a string, got ${showValue(raw)}`, field);
    }
    if (!FORMATS.some((format) => format.test(raw))) {
      throw new InvalidValueError(
        `MAC address ${showValue(raw)} is not in a recognized format; use aa:bb:cc:dd:ee:ff, aa-bb-cc-dd-ee-ff or aabb.ccdd.eeff`,
        field,
      );
    }
    const hex = raw.replace(/[.:-]/g, '').toLowerCase();
    const mac = new MacAddress(hex.match(/../g)!.join(':'));
    if (/^0+$/.test(hex)) {
      throw new InvalidValueError(`MAC address ${mac} is the all-zero address, which no interface may use`, field);
    }
    if (options.unicast && mac.isBroadcast()) {
      throw new InvalidValueError(`MAC address ${mac} is the broadcast address; a unicast address is required`, field);
    }
    if (options.unicast && mac.isMulticast()) {
      throw new InvalidValueError(
        `MAC address ${mac} is a multicast address (the least significant bit of the first octet is set); a unicast address is required`,
        field,
      );
    }
    return mac;
  }

  static isValid(raw: unknown, options: MacAddressParseOptions = {}): boolean {
    try {
      MacAddress.parse(raw, undefined, options);
      return true;
    } catch {
      return false;
    }
  }

  octets(): number[] {
    return this.text.split(':').map((octet) => Number.parseInt(octet, 16));
  }

  /** The I/G bit: set on group addresses, which includes broadcast. */
  isMulticast(): boolean {
    return (this.octets()[0]! & 0x01) === 1;
  }

  isBroadcast(): boolean {
    return this.text === 'ff:ff:ff:ff:ff:ff';
  }

  /** The U/L bit: set on addresses a controller or hypervisor made up rather than burned in. */
  isLocallyAdministered(): boolean {
    return (this.octets()[0]! & 0x02) === 2;
  }

  equals(other: MacAddress): boolean {
    return this.text === other.text;
  }

  toString(): string {
    return this.text;
  }

  toJSON(): string {
    return this.text;
  }
}
