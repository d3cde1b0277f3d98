import { type Browser, expect, type Page, test } from '@playwright/test';
import { ADMIN_PASSWORD, ADMIN_USER, userSession } from '../support/api';
import { engine, removeTestContainers, TEST_IMAGE, TEST_LABEL, uniqueName } from '../support/engine';

test.afterAll(removeTestContainers);

async function loginThroughForm(page: Page, username: string, password: string) {
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByTestId('login-submit').click();
}

async function anonymousPage(browser: Browser) {
  // Playwright applies the config's admin storage state to new contexts too: start from none.
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  return { context, page: await context.newPage() };
}

test('log in, see who is logged in, log out', async ({ browser }) => {
  const { context, page } = await anonymousPage(browser);
  await page.goto('/containers?state=running');
  await expect(page).toHaveURL(/\/login\?next=/);

  await loginThroughForm(page, ADMIN_USER, 'not-the-password-at-all');
  await expect(page.getByTestId('login-error')).toHaveText('Invalid username or password');

  await page.getByLabel('Password').fill(ADMIN_PASSWORD);
  await page.getByTestId('login-submit').click();
  // Back where the user was going.
  await expect(page).toHaveURL(/\/containers\?state=running$/);
  await expect(page.getByTestId('user-menu')).toContainText(ADMIN_USER);

  await page.getByRole('button', { name: 'Log out' }).click();
  await expect(page).toHaveURL(/\/login/);
  await page.goto('/');
  await expect(page).toHaveURL(/\/login\?next=%2F/);
  await context.close();
});

test('a viewer sees no create, action or upload controls, and the API refuses them', async ({ browser }) => {
  const viewer = await userSession('viewer', 'ui-viewer');
  const name = uniqueName('viewer-sees');
  const created = await engine.createContainer({
    Image: TEST_IMAGE,
    name,
    Cmd: ['sleep', '3600'],
    Labels: { [TEST_LABEL.split('=')[0] ?? 'berth.test']: '1' },
  });
  await created.start();

  const { context, page } = await anonymousPage(browser);
  await page.goto('/login');
  await loginThroughForm(page, viewer.username, viewer.password);
  await expect(page.getByTestId('user-menu')).toContainText('ui-viewer');

  await page.goto('/containers');
  await expect(page.locator(`[data-testid="container-row"][data-name="${name}"]`)).toBeVisible();
  await expect(page.getByRole('link', { name: 'Create container' })).toHaveCount(0);
  await expect(page.getByRole('navigation').getByRole('link', { name: 'Users' })).toHaveCount(0);

  await page.goto(`/containers/${created.id}`);
  await expect(page.getByTestId('container-name')).toHaveText(name);
  for (const action of ['stop', 'restart', 'kill', 'remove']) {
    await expect(page.getByTestId(`action-${action}`)).toHaveCount(0);
  }
  await page.getByRole('tab', { name: 'Files' }).click();
  await expect(page.getByRole('button', { name: 'Upload file' })).toHaveCount(0);

  // The server decides, whatever the page shows.
  const stop = await page.request.post(`/api/containers/${created.id}/stop`, {
    data: {},
    headers: { origin: new URL(page.url()).origin },
  });
  expect(stop.status()).toBe(403);
  expect((await engine.getContainer(created.id).inspect()).State.Running).toBe(true);
  const users = await page.request.get('/api/users');
  expect(users.status()).toBe(403);
  await context.close();
});
