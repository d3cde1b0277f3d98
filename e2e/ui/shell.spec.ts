import { expect, test } from '@playwright/test';
import { ADMIN_PASSWORD, ADMIN_USER, DEAD_URL } from '../support/api';
import { engine, TEST_IMAGE, uniqueName } from '../support/engine';
import { engineCable } from '../support/engine-cable';
import { startServer } from '../support/server';

test('the header names the engine and its version', async ({ page }) => {
  const info = await engine.info();
  await page.goto('/');
  await expect(page.getByTestId('engine-badge')).toContainText(info.Name);
  await expect(page.getByTestId('engine-info')).toContainText(info.ServerVersion);
});

test('the dashboard refetches its counts when a container changes', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('engine-info')).toBeVisible();
  // Nothing polls /api/engine while the socket is up: only an engine event makes the dashboard ask again.
  const refetched = page.waitForRequest((req) => new URL(req.url()).pathname === '/api/engine');
  const c = await engine.createContainer({
    Image: TEST_IMAGE,
    name: uniqueName('dashboard'),
    Cmd: ['true'],
    Labels: { 'berth.test': '1' },
  });
  try {
    await refetched;
  } finally {
    await c.remove({ force: true });
  }
});

test('the browser language picks Simplified Chinese, and the switcher changes it', async ({ browser }) => {
  const context = await browser.newContext({
    locale: 'zh-CN',
    extraHTTPHeaders: { 'accept-language': 'zh-CN,zh;q=0.9' },
  });
  const page = await context.newPage();
  await page.goto('/containers');
  await expect(page.getByRole('heading', { name: '容器' })).toBeVisible();
  await expect(page.getByRole('link', { name: '创建容器' })).toBeVisible();
  await page.getByTestId('language-switcher').selectOption('en');
  await expect(page.getByRole('heading', { name: 'Containers' })).toBeVisible();
  await context.close();
});

test('an unreachable engine shows the red banner', async ({ browser }) => {
  // Its own context: the session cookie of one port would otherwise shadow the other's on 127.0.0.1.
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  await page.goto(`${DEAD_URL}/containers`);
  await expect(page).toHaveURL(/\/login\?next=%2Fcontainers/);
  await page.getByLabel('Username').fill(ADMIN_USER);
  await page.getByLabel('Password').fill(ADMIN_PASSWORD);
  await page.getByTestId('login-submit').click();
  await expect(page).toHaveURL(`${DEAD_URL}/containers`);
  await expect(page.getByTestId('engine-unreachable')).toContainText('Docker engine unreachable at unix://');
  await context.close();
});

test('an open tab shows the banner when the engine goes away and hides it when it is back, without polling', async ({
  browser,
}) => {
  test.setTimeout(120_000);
  // A server of its own that reaches the real engine through a cable this test can unplug.
  const cable = await engineCable();
  const server = await startServer({
    env: {
      DOCKER_HOST: cable.dockerHost,
      BERTH_ADMIN_USER: ADMIN_USER,
      BERTH_ADMIN_PASSWORD: ADMIN_PASSWORD,
    },
  });
  const context = await browser.newContext({
    storageState: { cookies: [], origins: [] },
    baseURL: server.url,
  });
  try {
    const page = await context.newPage();
    await page.goto('/login');
    await page.getByLabel('Username').fill(ADMIN_USER);
    await page.getByLabel('Password').fill(ADMIN_PASSWORD);
    await page.getByTestId('login-submit').click();
    await expect(page.getByTestId('engine-badge')).toBeVisible();
    const polls: string[] = [];
    page.on('request', (req) => {
      const path = new URL(req.url()).pathname;
      if (path === '/api/health' || path === '/api/engine') polls.push(path);
    });
    // Longer than the 10 s the shell polled health at while the socket is down.
    await page.waitForTimeout(11_000);
    expect(polls, 'no polling while the socket is up').toEqual([]);

    await cable.unplug();
    await expect(page.getByTestId('engine-unreachable')).toContainText(
      'Docker engine unreachable at unix://',
    );
    await expect(page.getByTestId('engine-badge')).toHaveCount(0);
    await cable.plug();
    // The server's event stream retries at most 10 s apart.
    await expect(page.getByTestId('engine-unreachable')).toHaveCount(0, { timeout: 20_000 });
    await expect(page.getByTestId('engine-badge')).toBeVisible();
  } finally {
    await context.close();
    await server.stop();
    await cable.close();
  }
});

test('the layout fits a phone: the menu opens from the header', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 800 });
  await page.goto('/');
  await page.getByRole('button', { name: 'Open menu' }).click();
  await page.getByRole('navigation').getByRole('link', { name: 'Containers' }).click();
  await expect(page).toHaveURL(/\/containers$/);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
  expect(overflow).toBe(false);
});
