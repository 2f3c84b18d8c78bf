// `node --conditions=source --import ./ts-loader.mjs apps/cli/src/main.ts …`: run the sources.
import { register } from 'node:module';

register('./ts-loader-hooks.mjs', import.meta.url);
