import { InvalidValueError } from './errors.js';

/**
 * Renders a raw input for an error message. Strings are quoted so that empty strings, stray
 * whitespace and type confusion ("100" versus 100) are visible to the operator reading it.
 */
export function showValue(raw: unknown): string {
  if (typeof raw === 'string') return JSON.stringify(raw);
  if (typeof raw === 'number' || typeof raw === 'bigint' || typeof raw === 'boolean') return String(raw);
  if (raw === undefined) return 'undefined';
  let text: string;
  try {
    text = JSON.stringify(raw) ?? String(raw);
  } catch {
    text = Object.prototype.toString.call(raw);
  }
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/**
 * Runs a parse of a component (the address inside a CIDR, the ASN inside a route target) and, if it
 * fails, prefixes the message with the whole value so the operator sees what they typed, not a
 * fragment of it. The field is the caller's, not the component's.
 */
export function withContext<T>(context: string, field: string | undefined, parse: () => T): T {
  try {
    return parse();
  } catch (err) {
    if (err instanceof InvalidValueError) {
      throw new InvalidValueError(`${context}: ${err.message}`, field, err.detail);
    }
    throw err;
  }
}
