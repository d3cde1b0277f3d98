import { type Browser, expect, test } from '@playwright/test';
import { api, BASE_URL } from '../support/api';
import { startTestProvider, type TestProvider } from '../support/oidc-provider';

/**
 * OIDC single sign-on in the browser: the login page's button, the provider's own login and consent pages
 * (oidc-provider's development interactions, on loopback), and back in Berth signed in with the role the
 * `groups` claim gives through a team. Once in English, once in Simplified Chinese.
 */

const RUN = Date.now().toString(36);
const PORT = 3326;
const ID = `ui${RUN}`;
const LABEL = `Corp SSO ${RUN}`;
const TEAM = `oidc-ui-${RUN}`;

let idp: TestProvider;

test.beforeAll(async () => {
  idp = await startTestProvider({ port: PORT, redirectUris: [`${BASE_URL}/api/auth/oidc/${ID}/callback`] });
  for (const name of ['ann', 'lin'])
    idp.accounts.set(`${name}-${RUN}`, { username: `${name}-${RUN}`, groups: ['ops'] });
  const created = await api('/api/auth/oidc', {
    method: 'POST',
    json: {
      id: ID,
      label: LABEL,
      issuer: idp.issuer,
      clientId: idp.clientId,
      clientSecret: idp.clientSecret,
      allowCreate: true,
      defaultRole: 'viewer',
      rules: [{ group: 'ops', team: TEAM, role: 'operator' }],
    },
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
});

test.afterAll(async () => {
  await api(`/api/auth/oidc/${ID}`, { method: 'DELETE' });
  await api(`/api/auth/oidc/${ID}-form`, { method: 'DELETE' });
  await idp?.close();
});

async function anonymous(browser: Browser, locale?: string) {
  const context = await browser.newContext({
    storageState: { cookies: [], origins: [] },
    ...(locale ? { locale, extraHTTPHeaders: { 'accept-language': `${locale},zh;q=0.9` } } : {}),
  });
  // The provider's development pages import a web font: no network here, so fail it at once.
  await context.route(/fonts\.(googleapis|gstatic)\.com/, (route) => route.abort());
  return { context, page: await context.newPage() };
}

test('signs in with the provider button and lands in Berth with the team role', async ({ browser }) => {
  // A cold browser, Berth's pages and the provider's: more than the default minute on a loaded machine.
  test.setTimeout(120_000);
  const { context, page } = await anonymous(browser);
  await page.goto('/containers');
  await expect(page).toHaveURL(/\/login\?next=%2Fcontainers/);
  await page.getByRole('link', { name: `Sign in with ${LABEL}` }).click();

  // The provider's pages: any login, then consent.
  await expect(page).toHaveURL(new RegExp(`^${idp.issuer}/interaction/`));
  await page.locator('input[name="login"]').fill(`ann-${RUN}`);
  await page.locator('input[name="password"]').fill('any');
  await page.locator('button[type="submit"]').click();
  await page.getByRole('button', { name: 'Continue' }).click();

  await expect(page).toHaveURL(`${BASE_URL}/containers`);
  await expect(page.getByTestId('user-menu')).toContainText(`ann-${RUN}`);
  await expect(page.getByTestId('user-menu')).toContainText('(operator)');
  await context.close();
});

test('the users page shows where the account comes from', async ({ page }) => {
  // The admin's session (the config's storage state); ann signed in through the provider in the test above.
  await page.goto('/users');
  const row = page.getByRole('row').filter({ hasText: `ann-${RUN}` });
  await expect(row.getByTestId('user-identity')).toHaveText(`oidc:${ID}`);
});

test('says what to fix when the provider answers with an error', async ({ browser }) => {
  const { context, page } = await anonymous(browser);
  await page.goto(`/login?oidcError=clientRejected&provider=${ID}`);
  await expect(page.getByTestId('oidc-error')).toContainText(`Single sign-on with ${LABEL} failed`);
  await expect(page.getByTestId('oidc-error')).toContainText('check the client id and client secret');
  await context.close();
});

test('signs in the same way in Simplified Chinese', async ({ browser }) => {
  test.setTimeout(120_000);
  const { context, page } = await anonymous(browser, 'zh-CN');
  await page.goto('/login');
  await page.getByRole('link', { name: `使用 ${LABEL} 登录` }).click();
  await page.locator('input[name="login"]').fill(`lin-${RUN}`);
  await page.locator('input[name="password"]').fill('any');
  await page.locator('button[type="submit"]').click();
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page).toHaveURL(`${BASE_URL}/`);
  await expect(page.getByTestId('user-menu')).toContainText(`lin-${RUN}`);
  await expect(page.getByTestId('user-menu')).toContainText('(运维人员)');
  await context.close();
});

test('an admin adds a provider in Settings: redirect URI, discovery test, a group rule', async ({ page }) => {
  const id = `${ID}-form`;
  await page.goto('/settings');
  await page.getByTestId('oidc-add').click();
  const form = page.getByTestId('oidc-form');
  await form.locator('input[name="oidc.id"]').fill(id);
  await form.locator('input[name="oidc.label"]').fill(`Form SSO ${RUN}`);
  await form.locator('input[name="oidc.issuer"]').fill(idp.issuer);
  await form.locator('input[name="oidc.clientId"]').fill(idp.clientId);
  await form.locator('input[name="oidc.clientSecret"]').fill(idp.clientSecret);
  await expect(form.getByTestId('oidc-redirect-uri')).toHaveText(`${BASE_URL}/api/auth/oidc/${id}/callback`);
  await form.getByTestId('oidc-discover').click();
  await expect(form.getByTestId('oidc-discovery-ok')).toContainText(idp.issuer);
  await form.getByTestId('oidc-rule-add').click();
  await form.getByLabel('Group', { exact: true }).fill('ops');
  await form.getByLabel('Team', { exact: true }).fill(TEAM);
  await form.getByLabel('Role', { exact: true }).selectOption('operator');
  await form.getByTestId('oidc-save').click();
  await expect(page.getByTestId(`oidc-provider-${id}`)).toContainText(`Form SSO ${RUN}`);
  const stored = await api<{ id: string; secretSet: boolean; rules: unknown[] }[]>('/api/auth/oidc');
  expect(stored.body.find((p) => p.id === id)).toMatchObject({
    secretSet: true,
    rules: [{ group: 'ops', team: TEAM, role: 'operator' }],
  });
  // The password switch warns that local admins keep their password (not saved here).
  await page.locator('select[name="signIn.passwords"]').selectOption('localAdmins');
  await expect(page.getByTestId('passwords-warning')).toBeVisible();
});
