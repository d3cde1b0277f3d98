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
