import path from 'node:path';
import { defineConfig } from '@playwright/test';
import base from '../../playwright.config';

/**
 * The smoke of the container image (scripts/image-test.sh runs it against the Berth container it started); kept out
 * of the default `npx playwright test`, whose testDir is e2e/ui.
 */
const root = path.resolve(import.meta.dirname, '../..');

export default defineConfig({
  ...base,
  testDir: '.',
  globalSetup: path.join(root, 'e2e/ui/global-setup.ts'),
  // Restarting and stopping the Berth container take part of the budget.
  timeout: 120_000,
  reporter: [['list'], ['json', { outputFile: path.join(root, '.test-artifacts/playwright-image.json') }]],
  outputDir: path.join(root, '.test-artifacts/playwright-image'),
  use: { ...base.use, storageState: path.join(root, '.test-artifacts/admin-state.json') },
});
