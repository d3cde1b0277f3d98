import { expect, test } from '@playwright/test';
import { DEFAULT_LIMITS, type LimitsSettings } from '@/lib/settings/limits';

/** The Limits section of the settings page: the numbers shown, edited and saved (the idle time in minutes). */
test('shows the per-user limits, saves a changed bound and idle time, and the server applies them', async ({
  page,
}) => {
  const settings = async () =>
    ((await (await page.request.get('/api/settings')).json()) as { limits: LimitsSettings }).limits;
  const before = await settings();
  try {
    await page.goto('/settings');
    await expect(page.getByRole('heading', { name: 'Limits per user' })).toBeVisible();
    const terminals = page.getByLabel('Terminals (exec and attach)');
    await expect(terminals).toHaveValue(String(before.terminals));
    await terminals.fill('7');
    await page.getByLabel('Close idle terminals after (minutes, 0: never)').fill('15');
    await page.getByTestId('settings-save').click();
    await expect(page.getByText('Settings saved')).toBeVisible();
    expect(await settings()).toEqual({ ...before, terminals: 7, terminalIdleSeconds: 900 });
  } finally {
    await page.request.put('/api/settings', {
      data: { limits: { ...DEFAULT_LIMITS, ...before } },
      headers: { origin: new URL(page.url() || 'http://127.0.0.1').origin },
    });
  }
});

/** A tab refused at the socket limit says so (with the bound and the setting) instead of silently polling. */
test('a tab over the per-user socket limit shows it is not live, and retries once a tab is closed', async ({
  page,
  context,
}) => {
  await page.goto('/containers');
  const before = ((await (await page.request.get('/api/settings')).json()) as { limits: LimitsSettings })
    .limits;
  const headers = { origin: new URL(page.url()).origin };
  // This tab already holds its socket; one more is the most this user may have.
  const put = await page.request.put('/api/settings', { data: { limits: { sockets: 1 } }, headers });
  expect(put.status()).toBe(200);
  const second = await context.newPage();
  try {
    await second.goto('/containers');
    const banner = second.getByTestId('socket-limit');
    await expect(banner).toBeVisible();
    await expect(banner).toContainText('limits.sockets');
    await expect(banner).toContainText('1');
    await expect(page.getByTestId('socket-limit')).toHaveCount(0);
    // Closing the first tab frees the slot: retry connects and the banner goes.
    await page.close();
    await second.getByRole('button', { name: 'Retry' }).click();
    await expect(banner).toHaveCount(0);
  } finally {
    await second.request.put('/api/settings', { data: { limits: { sockets: before.sockets } }, headers });
    await second.close();
  }
});
