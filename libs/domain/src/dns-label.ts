import { InvalidValueError } from './errors.js';
import { showValue } from './value-message.js';

/**
 * An RFC 1123 DNS label in lowercase, the form Spinel uses for names that end up in device
 * configuration, DNS and Kubernetes object names, which all accept this subset.
 */
export type DnsLabel = string & { readonly __brand: 'DnsLabel' };

export const DNS_LABEL_MAX_LENGTH = 63;

export const DnsLabel = {
  MAX_LENGTH: DNS_LABEL_MAX_LENGTH,

  /** Checks the rules in order and names the first one broken. */
  parse(raw: unknown, field?: string): DnsLabel {
    if (typeof raw !== 'string') {
      throw new InvalidValueError(`name must be a string, got ${showValue(raw)}`, field);
    }
    const shown = showValue(raw);
    if (raw.length === 0) {
      throw new InvalidValueError('name must not be empty', field);
    }
    if (raw.length > DNS_LABEL_MAX_LENGTH) {
      throw new InvalidValueError(
        `name ${shown} is ${raw.length} characters long; the limit is ${DNS_LABEL_MAX_LENGTH}`,
        field,
      );
    }
    const upper = /[A-Z]/.exec(raw);
    if (upper) {
      throw new InvalidValueError(
        `name ${shown} contains uppercase "${upper[0]}"; only lowercase letters are allowed`,
        field,
      );
    }
    const bad = /[^a-z0-9-]/.exec(raw);
    if (bad) {
      throw new InvalidValueError(
        `name ${shown} contains ${JSON.stringify(bad[0])} at position ${bad.index + 1}; only a-z, 0-9 and "-" are allowed`,
        field,
      );
    }
    if (raw.startsWith('-')) {
      throw new InvalidValueError(`name ${shown} starts with "-"; it must start with a letter or digit`, field);
    }
    if (raw.endsWith('-')) {
      throw new InvalidValueError(`name ${shown} ends with "-"; it must end with a letter or digit`, field);
    }
    return raw as DnsLabel;
  },

  isValid(raw: unknown): boolean {
    try {
      DnsLabel.parse(raw);
      return true;
    } catch {
      return false;
    }
  },
} as const;
