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
