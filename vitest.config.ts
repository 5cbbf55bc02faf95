import path from 'node:path';
import { defineConfig } from 'vitest/config';

const root = import.meta.dirname;
// 'server-only' throws unless resolved under React's server condition, which only the Next.js
// build sets; tests load lib/ and db/queries as the server does, so they get its empty module.
const alias = { '@': root, 'server-only': path.join(root, 'node_modules/server-only/empty.js') };

export default defineConfig({
  resolve: { alias },
  test: {
    reporters: ['default', ['json', { outputFile: 'test-results/vitest.json' }]],
    projects: [
      {
        resolve: { alias },
        test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], environment: 'node' },
      },
      {
        resolve: { alias },
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          environment: 'node',
          testTimeout: 30_000,
        },
      },
      {
        resolve: { alias },
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          environment: 'node',
          globalSetup: [path.join(root, 'tests/e2e/support/global-setup.ts')],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
