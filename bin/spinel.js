#!/usr/bin/env node
// `npx spinel …` runs the compiled command line; build it once with `npm run build`.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const entry = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'apps', 'cli', 'src', 'main.js');
if (!existsSync(entry)) {
  process.stderr.write('spinel: not built yet; run `npm run build` first\n');
  process.exit(1);
}
await import(entry);
