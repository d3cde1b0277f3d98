import { expect, test } from '@playwright/test';
import { ADMIN_PASSWORD, ADMIN_USER, DEAD_URL } from '../support/api';
import { engine } from '../support/engine';

test('the header names the engine and its version', async ({ page }) => {
  const info = await engine.info();
  await page.goto('/');
  await expect(page.getByTestId('engine-badge')).toContainText(info.Name);
  await expect(page.getByTestId('engine-info')).toContainText(info.ServerVersion);
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

test('the layout fits a phone: the menu opens from the header', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 800 });
  await page.goto('/');
  await page.getByRole('button', { name: 'Open menu' }).click();
  await page.getByRole('navigation').getByRole('link', { name: 'Containers' }).click();
  await expect(page).toHaveURL(/\/containers$/);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
  expect(overflow).toBe(false);
});
