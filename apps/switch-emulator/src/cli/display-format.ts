/** Shared pieces of the operational `display` commands' text. */

/** `HH:MM:SS` under a day, `<d>d<h>h` beyond (BGP Up/Down, tunnel uptime). */
export function upDown(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  if (s >= 86_400) return `${Math.floor(s / 86_400)}d${Math.floor((s % 86_400) / 3600)}h`;
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(Math.floor(s / 3600))}:${two(Math.floor((s % 3600) / 60))}:${two(s % 60)}`;
}

/** `00:e0:fc:12:34:56` → `00e0-fc12-3456`, as VRP writes MAC addresses. */
export function vrpMac(mac: string): string {
  const hex = mac.replace(/[^0-9a-fA-F]/g, '').toLowerCase();
  return `${hex.slice(0, 4)}-${hex.slice(4, 8)}-${hex.slice(8, 12)}`;
}

/** Left-aligned in `width` columns, always followed by at least one space. */
export const left = (text: string | number, width: number): string => `${String(text).padEnd(width - 1)} `;
/** Right-aligned in `width` columns. */
export const right = (text: string | number, width: number): string => String(text).padStart(width);
