import { type Browser, expect, type Page, test } from '@playwright/test';
import { api, BASE_URL, type ErrorEnvelope, userSession } from '../support/api';

/**
 * Passkeys with Chromium's virtual authenticator (DevTools protocol). WebAuthn takes a domain as RP ID, never
 * an IP address, so this spec opens Berth as localhost (same server, same port).
 */

const LOCAL = BASE_URL.replace('127.0.0.1', 'localhost');
const RUN = Date.now().toString(36);

async function anonymousLocalPage(browser: Browser) {
  const context = await browser.newContext({ baseURL: LOCAL, storageState: { cookies: [], origins: [] } });
  return { context, page: await context.newPage() };
}

/** A platform authenticator holding discoverable credentials that verifies its user without asking. */
async function addVirtualAuthenticator(page: Page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
  return { cdp, authenticatorId };
}

test('register a passkey on the account page, log out, sign in with it; the audit log shows it', async ({
  browser,
}) => {
  const user = await userSession('operator', `pk-ui-${RUN}`);
  const { context, page } = await anonymousLocalPage(browser);
  const { cdp, authenticatorId } = await addVirtualAuthenticator(page);

  await page.goto('/login');
  await page.getByLabel('Username').fill(user.username);
  await page.getByLabel('Password').fill(user.password);
  await page.getByTestId('login-submit').click();
  await expect(page.getByTestId('user-menu')).toContainText(user.username);

  await page.goto('/account');
  await expect(page.getByTestId('passkeys-empty')).toBeVisible();
  await page.getByLabel('Passkey label').fill('virtual key');
  await page.getByTestId('passkey-add').click();
  const table = page.getByTestId('passkeys-table');
  await expect(table).toContainText('virtual key');
  await expect(table.getByTestId('passkey-last-used')).toHaveText('never');
  const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
  expect(credentials).toHaveLength(1);
  expect(credentials[0]?.isResidentCredential).toBe(true);
  expect(credentials[0]?.rpId).toBe('localhost');

  await page.getByRole('button', { name: 'Log out', exact: true }).click();
  await expect(page).toHaveURL(/\/login/);

  // Capture the browser's answer, to replay it afterwards.
  const verifyRequest = page.waitForRequest((r) => r.url().endsWith('/api/auth/passkeys/login/verify'));
  await page.getByTestId('passkey-login').click();
  const sentRequest = await verifyRequest;
  const sent = sentRequest.postData() ?? '';
  const sentCookie = (await sentRequest.headerValue('cookie')) ?? '';
  expect(sentCookie).toMatch(/berth_passkey=/);
  // Straight to the dashboard: no password, no second-factor prompt.
  await expect(page).toHaveURL(`${LOCAL}/`);
  await expect(page.getByRole('heading', { name: 'Dashboard' })).toBeVisible();
  await expect(page.getByTestId('user-menu')).toContainText(user.username);

  // The same answer again, with the same challenge cookie: refused (the challenge was used up).
  const replay = await fetch(`${LOCAL}/api/auth/passkeys/login/verify`, {
    method: 'POST',
    headers: { origin: LOCAL, cookie: sentCookie, 'content-type': 'application/json' },
    body: sent,
  });
  expect(replay.status).toBe(401);
  expect(replay.headers.get('set-cookie') ?? '').not.toMatch(/berth_session=/);
  expect(((await replay.json()) as ErrorEnvelope).error.message).toMatch(/expired or was already used/);

  await page.goto('/account');
  await expect(table.getByTestId('passkey-last-used')).not.toHaveText('never');

  // Another user cannot remove it: the answer is the one for a passkey that does not exist.
  const mine = await api<{ id: number; name: string }[]>('/api/auth/passkeys', { as: user, base: LOCAL });
  const id = mine.body[0]?.id;
  expect(id).toBeGreaterThan(0);
  const other = await userSession('operator', `pk-other-${RUN}`);
  const refused = await api(`/api/auth/passkeys/${id}`, {
    method: 'DELETE',
    as: other,
    base: LOCAL,
    headers: { origin: LOCAL },
  });
  expect(refused.status).toBe(404);
  expect((await api('/api/auth/passkeys', { as: user, base: LOCAL })).body).toHaveLength(1);

  // The admin's audit log names the method.
  const audit = await api<{ target: string; result: string; username: string }[]>(
    `/api/audit?action=auth.login&target=${encodeURIComponent(`${user.username} (passkey)`)}`,
  );
  expect(audit.body).toContainEqual(
    expect.objectContaining({ target: `${user.username} (passkey)`, result: 'ok', username: user.username }),
  );
  const admin = await browser.newPage(); // the config's admin session
  await admin.goto('/audit');
  await admin.getByLabel('Target').fill(`${user.username} (passkey)`);
  await expect(admin.getByRole('cell', { name: `${user.username} (passkey)` }).first()).toBeVisible();
  await admin.close();

  // Remove it, with confirmation.
  await page.getByRole('button', { name: 'Remove: virtual key' }).click();
  await page.getByTestId('confirm-button').click();
  await expect(page.getByTestId('passkeys-empty')).toBeVisible();
  await context.close();
});
