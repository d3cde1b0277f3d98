import { type Browser, expect, type Page, test } from '@playwright/test';
import { ADMIN_PASSWORD, ADMIN_USER, api, userSession } from '../support/api';
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
    Env: ['SECRET=ui-hunter2'],
    Labels: { [TEST_LABEL.split('=')[0] ?? 'berth.test']: '1' },
    // No network: a new veth makes Chromium abort the page load in flight (ERR_NETWORK_CHANGED).
    HostConfig: { NetworkMode: 'none' },
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
  // What viewers may see (settings.viewerAccess), off by default: values masked, files and export refused.
  await expect(page.getByTestId('container-env')).toContainText('SECRET=hidden');
  await expect(page.getByTestId('container-env')).not.toContainText('ui-hunter2');
  await expect(page.getByRole('link', { name: 'Export' })).toHaveCount(0);
  await page.getByRole('tab', { name: 'Files' }).click();
  await expect(page.getByTestId('files-refused')).toBeVisible();
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

test('the account page lists tokens with their last use and whether they are kept across log-out-everywhere', async ({
  browser,
}) => {
  const operator = await userSession('operator', 'ui-tokens');
  const { context, page } = await anonymousPage(browser);
  await page.goto('/login');
  await loginThroughForm(page, operator.username, operator.password);
  await expect(page.getByTestId('user-menu')).toContainText('ui-tokens');

  await page.goto('/account');
  await expect(page.getByText(/revoked when you log out everywhere or change your password/)).toBeVisible();
  const keepLabel = 'Keep across log-out-everywhere and password changes';
  const name = `kept-${Date.now().toString(36)}`;
  await page.getByLabel('Name').fill(name);
  await page.getByRole('checkbox', { name: keepLabel, exact: true }).check();
  await page.getByRole('button', { name: 'Create token' }).click();
  const token = (await page.getByTestId('new-token').textContent()) ?? '';
  expect(token).toMatch(/^berth_/);

  const row = page.getByRole('row').filter({ hasText: name });
  await expect(row).toContainText('Never');
  const kept = row.getByRole('checkbox', { name: `${keepLabel}: ${name}` });
  await expect(kept).toBeChecked();

  // Used once: the list shows when and from where.
  expect((await api('/api/auth/me', { as: { token } })).status).toBe(200);
  await page.reload();
  await expect(row).toContainText('from 127.0.0.1');

  // Toggled off from the list, and the server agrees.
  await kept.click(); // the box follows the server: it changes once the list is fetched again
  await expect(page.getByText('Token no longer kept')).toBeVisible();
  await expect(kept).not.toBeChecked();
  const list = await page.request.get('/api/tokens');
  const listed = ((await list.json()) as { name: string; keep: boolean }[]).find((t) => t.name === name);
  expect(listed?.keep).toBe(false);
  await context.close();
});
