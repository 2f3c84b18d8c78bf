import { InvalidValueError } from './errors.js';
import { IP_BITS, IpAddress, type IpVersion } from './ip-address.js';
import { showValue, withContext } from './value-message.js';

/**
 * An IP prefix (network address and prefix length) whose host bits are all zero. Ranges are held
 * as inclusive BigInt bounds so that containment and overlap are two comparisons for both IPv4
 * and IPv6.
 */
export class Cidr {
  /** First address of the block (the network address), as an integer. */
  readonly start: bigint;
  /** Last address of the block (the IPv4 broadcast address), as an integer. */
  readonly end: bigint;

  private constructor(
    readonly network: IpAddress,
    readonly prefixLength: number,
  ) {
    this.start = network.toBigInt();
    this.end = this.start + blockSize(network.version, prefixLength) - 1n;
  }

  static parse(raw: unknown, field?: string): Cidr {
    if (typeof raw !== 'string') {
      throw new InvalidValueError(`CIDR must be a string, got ${showValue(raw)}`, field);
    }
    const parts = raw.split('/');
    if (parts.length === 1) {
      const bits = raw.includes(':') ? 128 : 32;
      throw new InvalidValueError(
        `CIDR ${showValue(raw)} has no prefix length; write it as address/length, e.g. ${raw}/${bits} for a single address`,
        field,
      );
    }
    if (parts.length > 2) {
      throw new InvalidValueError(`CIDR ${showValue(raw)} has more than one "/"`, field);
    }
    const [addressText, lengthText] = parts as [string, string];
    const address = withContext(`CIDR ${showValue(raw)}`, field, () => IpAddress.parse(addressText));
    const maxBits = IP_BITS[address.version];
    if (!/^\d{1,3}$/.test(lengthText)) {
      throw new InvalidValueError(
        `CIDR ${showValue(raw)} has prefix length ${showValue(lengthText)}, which is not a number 0..${maxBits}`,
        field,
      );
    }
    const prefixLength = Number(lengthText);
    if (prefixLength > maxBits) {
      throw new InvalidValueError(
        `CIDR ${showValue(raw)} has prefix length ${prefixLength}; IPv${address.version} allows 0..${maxBits}`,
        field,
      );
    }
    const networkValue = address.toBigInt() & ~(blockSize(address.version, prefixLength) - 1n);
    if (networkValue !== address.toBigInt()) {
      const suggestion = `${IpAddress.fromBigInt(networkValue, address.version)}/${prefixLength}`;
      throw new InvalidValueError(`${raw} has host bits set; did you mean ${suggestion}?`, field, {
        suggestion,
      });
    }
    return new Cidr(address, prefixLength);
  }

  /** True when parse would succeed; for validators that only need a yes or no. */
  static isValid(raw: unknown): boolean {
    try {
      Cidr.parse(raw);
      return true;
    } catch {
      return false;
    }
  }

  /**
   * Builds a block from an integer network address. Throws when host bits are set: callers
   * computing blocks (allocators) must align them first, and a silent mask would hide that bug.
   */
  static fromBigInt(start: bigint, prefixLength: number, version: IpVersion): Cidr {
    const maxBits = IP_BITS[version];
    if (!Number.isInteger(prefixLength) || prefixLength < 0 || prefixLength > maxBits) {
      throw new InvalidValueError(`prefix length ${prefixLength} is out of range 0..${maxBits} for IPv${version}`);
    }
    const network = IpAddress.fromBigInt(start, version);
    if ((start & (blockSize(version, prefixLength) - 1n)) !== 0n) {
      throw new InvalidValueError(`${network}/${prefixLength} has host bits set`);
    }
    return new Cidr(network, prefixLength);
  }

  /** The first of `list` that overlaps `c`, or undefined; for "overlaps existing subnet X" errors. */
  static overlapsAny(c: Cidr, list: Iterable<Cidr>): Cidr | undefined {
    for (const other of list) if (c.overlaps(other)) return other;
    return undefined;
  }

  get version(): IpVersion {
    return this.network.version;
  }

  /** Number of addresses in the block, including network and broadcast. */
  get size(): bigint {
    return this.end - this.start + 1n;
  }

  contains(ip: IpAddress | string): boolean {
    const address = typeof ip === 'string' ? IpAddress.parse(ip) : ip;
    if (address.version !== this.version) return false;
    const value = address.toBigInt();
    return value >= this.start && value <= this.end;
  }

  containsCidr(other: Cidr | string): boolean {
    const o = typeof other === 'string' ? Cidr.parse(other) : other;
    return o.version === this.version && o.start >= this.start && o.end <= this.end;
  }

  /** False across IP versions: an IPv4 and an IPv6 block never collide. */
  overlaps(other: Cidr | string): boolean {
    const o = typeof other === 'string' ? Cidr.parse(other) : other;
    return o.version === this.version && o.start <= this.end && this.start <= o.end;
  }

  /**
   * Lowest address a host may use. IPv4: skips the network address, except on /31 and /32
   * (RFC 3021 point-to-point and loopbacks use every address). IPv6: skips the subnet-router
   * anycast address (RFC 4291), except on /127 (RFC 6164 point-to-point) and /128.
   */
  firstHost(): IpAddress {
    const skip = this.version === 4 ? this.prefixLength <= 30 : this.prefixLength <= 126;
    return IpAddress.fromBigInt(skip ? this.start + 1n : this.start, this.version);
  }

  /** Highest address a host may use: IPv4 skips broadcast up to /30; IPv6 has no broadcast. */
  lastHost(): IpAddress {
    const skip = this.version === 4 && this.prefixLength <= 30;
    return IpAddress.fromBigInt(skip ? this.end - 1n : this.end, this.version);
  }

  /**
   * The address at `offset` from the network address, like Terraform's cidrhost(): negative
   * offsets count back from the last address (-1n is the broadcast address of an IPv4 block).
   * It does not skip reserved addresses; use firstHost()/lastHost() for those bounds.
   */
  hostAt(offset: bigint): IpAddress {
    const value = offset >= 0n ? this.start + offset : this.end + 1n + offset;
    if (value < this.start || value > this.end) {
      throw new InvalidValueError(`offset ${offset} is outside ${this} (${this.size} addresses)`);
    }
    return IpAddress.fromBigInt(value, this.version);
  }

  /** Every aligned block of `newPrefix` inside this one, lowest first (lazily: a /8 has 2^24 /32s). */
  *subnets(newPrefix: number): Generator<Cidr> {
    const maxBits = IP_BITS[this.version];
    if (!Number.isInteger(newPrefix) || newPrefix < this.prefixLength || newPrefix > maxBits) {
      throw new InvalidValueError(
        `cannot split ${this} into /${newPrefix} blocks: the prefix length must be ${this.prefixLength}..${maxBits}`,
      );
    }
    const step = blockSize(this.version, newPrefix);
    for (let start = this.start; start <= this.end; start += step) {
      yield new Cidr(IpAddress.fromBigInt(start, this.version), newPrefix);
    }
  }

  equals(other: Cidr): boolean {
    return this.version === other.version && this.start === other.start && this.prefixLength === other.prefixLength;
  }

  toString(): string {
    return `${this.network}/${this.prefixLength}`;
  }

  toJSON(): string {
    return this.toString();
  }
}

/** Number of addresses in a block of the given prefix length: 2^(bits - prefix). */
export function blockSize(version: IpVersion, prefixLength: number): bigint {
  return 1n << BigInt(IP_BITS[version] - prefixLength);
}
