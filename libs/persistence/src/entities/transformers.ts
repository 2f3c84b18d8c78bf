import type { ValueTransformer } from 'typeorm';

/** PostgreSQL bigint arrives as a string; ASNs fit in a JS number (< 2^32). */
export const bigintNumber: ValueTransformer = {
  to: (v: number | null | undefined) => v,
  from: (v: string | null) => (v === null ? null : Number(v)),
};
