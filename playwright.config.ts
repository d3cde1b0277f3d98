import { defineConfig } from '@playwright/test';

/** Debian's Chromium: Playwright's own browser download does not work on our machines. */
const chromium = process.env.BERTH_CHROMIUM ?? '/usr/bin/chromium';

export default defineConfig({
  testDir: 'e2e/ui',
  globalSetup: './e2e/ui/global-setup.ts',
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list'], ['json', { outputFile: '.test-artifacts/playwright.json' }]],
  outputDir: '.test-artifacts/playwright',
  use: {
    baseURL: process.env.BERTH_URL ?? 'http://127.0.0.1:3100',
    headless: true,
    storageState: '.test-artifacts/admin-state.json',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: chromium,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--disable-quic',
        '--no-first-run',
      ],
    },
  },
});
