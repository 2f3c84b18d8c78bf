import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  plugins: [swc.vite({ module: { type: 'es6' } })],
  resolve: { conditions: ['source'] },
  // Node-side (SSR) module resolution has its own conditions: without this `#domain` resolves to dist/.
  ssr: { resolve: { conditions: ['source'] } },
  test: {
    include: ['{apps,libs,test}/**/*.{spec,test}.ts'],
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
