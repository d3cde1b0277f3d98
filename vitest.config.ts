import path from 'node:path';
import { defineConfig } from 'vitest/config';

const alias = { '@': path.resolve(import.meta.dirname) };

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: 'unit',
          include: ['lib/**/*.test.ts', 'server/**/*.test.ts', 'components/**/*.test.ts'],
          environment: 'node',
          // The fuzz tests run thousands of cases: ~4 s each on an idle machine, more on a loaded one.
          testTimeout: 30_000,
        },
      },
      {
        resolve: { alias },
        test: {
          // Against the real running server and a real engine: BERTH_URL must point at it (scripts/test.sh).
          name: 'integration',
          include: ['e2e/api/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
