import { expect, test } from '@playwright/test';
import { api } from '../support/api';
import { removeTestContainers, TEST_IMAGE, TEST_LABEL, uniqueName } from '../support/engine';

test.afterAll(removeTestContainers);

test('the stats tab draws live charts of a running container', async ({ page }) => {
  const name = uniqueName('ui-stats');
  const created = await api<{ id: string }>('/api/containers', {
    method: 'POST',
    json: { image: TEST_IMAGE, name, labels: [TEST_LABEL], command: ['sh', '-c', 'while true; do :; done'] },
  });
  await page.goto(`/containers/${created.body.id}`);
  await page.getByRole('tab', { name: 'Stats' }).click();
  await expect(page.getByTestId('cli-command').first()).toHaveText(`docker stats ${name}`);
  // Points keep coming in, about one a second.
  await expect
    .poll(async () => Number(await page.getByTestId('stats-cpu-chart').getAttribute('data-points')), {
      timeout: 15_000,
    })
    .toBeGreaterThan(2);
  await expect(page.getByTestId('stats-cpu-chart').locator('canvas')).toHaveCount(1);
  await expect(page.getByTestId('stats-now')).toContainText('%');
});

test('the stats overview lists running containers live with sparklines, sorted by CPU', async ({ page }) => {
  const make = async (prefix: string, cmd: string) => {
    const name = uniqueName(prefix);
    const res = await api<{ id: string }>('/api/containers', {
      method: 'POST',
      json: { image: TEST_IMAGE, name, labels: [TEST_LABEL], command: ['sh', '-c', cmd] },
    });
    expect(res.status).toBe(201);
    return name;
  };
  const busy = await make('ui-ov-busy', 'while true; do :; done');
  const idle = await make('ui-ov-idle', 'sleep 3600');
  await page.goto('/stats');
  await expect(page.getByTestId('cli-command').first()).toHaveText('docker stats');
  const row = (name: string) => page.locator(`[data-testid="stats-row"][data-name="${name}"]`);
  await expect(row(busy)).toBeVisible({ timeout: 15_000 });
  await expect(row(idle)).toBeVisible();
  // Readings keep coming: the sparkline grows a point per round.
  await expect
    .poll(async () => Number(await row(busy).getByTestId('sparkline').first().getAttribute('data-points')), {
      timeout: 20_000,
    })
    .toBeGreaterThan(1);
  await expect
    .poll(async () => Number.parseFloat((await row(busy).getByTestId('stats-cpu').textContent()) ?? '0'))
    .toBeGreaterThan(5);
  // Sorted by CPU, busiest first: the busy loop is above the sleeper.
  const names = await page
    .getByTestId('stats-row')
    .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-name')));
  expect(names.indexOf(busy)).toBeLessThan(names.indexOf(idle));
  await page.getByTestId('stats-sort-cpu').click();
  const ascending = await page
    .getByTestId('stats-row')
    .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-name')));
  expect(ascending.indexOf(busy)).toBeGreaterThan(ascending.indexOf(idle));
});
