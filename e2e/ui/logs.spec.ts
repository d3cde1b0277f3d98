import { expect, test } from '@playwright/test';
import { api } from '../support/api';
import { removeTestContainers, TEST_IMAGE, TEST_LABEL, uniqueName } from '../support/engine';

test.afterAll(removeTestContainers);

test('a logging container streams live lines, and a regex filter hides the rest', async ({ page }) => {
  const name = uniqueName('ui-logs');
  const created = await api<{ id: string }>('/api/containers', {
    method: 'POST',
    json: {
      image: TEST_IMAGE,
      name,
      labels: [TEST_LABEL],
      command: [
        'sh',
        '-c',
        'i=0; while true; do i=$((i+1)); echo "tick $i"; echo "warn $i" >&2; sleep 0.3; done',
      ],
    },
  });
  expect(created.status).toBe(201);
  await page.goto(`/containers/${created.body.id}`);
  await page.getByRole('tab', { name: 'Logs' }).click();
  await expect(page.getByTestId('log-status')).toHaveAttribute('data-status', 'live');

  // Lines keep arriving while we watch, not only the backlog.
  const lines = page.getByTestId('log-line');
  await expect(lines.filter({ hasText: 'tick' }).first()).toBeVisible();
  const countNow = await lines.count();
  await expect
    .poll(async () => (await page.getByTestId('log-status').textContent()) ?? '')
    .toMatch(/of \d+ lines/);
  const total = async () =>
    Number(/of (\d+) lines/.exec((await page.getByTestId('log-status').textContent()) ?? '')?.[1] ?? 0);
  const before = await total();
  await expect.poll(total, { timeout: 10_000 }).toBeGreaterThan(before + 2);
  expect(countNow).toBeGreaterThan(0);

  // stderr is told apart.
  await expect(page.locator('[data-testid="log-line"][data-stream="stderr"]').first()).toContainText('warn');

  // A regex keeps only matching lines.
  await page.getByTestId('log-regex').click();
  await page.getByTestId('log-search').fill('^tick [0-9]*[02468]$');
  await expect(page.locator('[data-testid="log-line"][data-stream="stderr"]')).toHaveCount(0);
  const texts = await lines.allTextContents();
  expect(texts.length).toBeGreaterThan(0);
  for (const t of texts) expect(t).toMatch(/tick \d*[02468]$/);
});
