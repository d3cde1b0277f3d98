import { expect, type Page, test } from '@playwright/test';
import type { HistorySeries } from '@/lib/stats/history';
import { api } from '../support/api';
import { engine, TEST_IMAGE, uniqueName } from '../support/engine';
import { removeLabelled } from '../support/labelled';

/*
 * Stored stats history in the browser (issue 20): the History charts of a container's stats tab with the range
 * picker, and the top consumers page, in English and 简体中文. The container burns CPU from before the page loads,
 * so it has no network (a new veth aborts Chromium's page loads).
 */

const LABEL = 'berth.test.stats=1';
let name = '';
let id = '';

test.beforeAll(async () => {
  test.setTimeout(120_000);
  name = uniqueName('ui-stats-hist');
  const created = await engine.createContainer({
    Image: TEST_IMAGE,
    name,
    Cmd: ['sh', '-c', 'while :; do :; done'],
    Labels: { 'berth.test.stats': '1' },
    HostConfig: { NetworkMode: 'none' },
  });
  id = created.id;
  await created.start();
  // The collector writes a 10 s point once its bucket settled: wait for two, the second with CPU.
  await expect
    .poll(
      async () => {
        const res = await api<HistorySeries>(`/api/stats/history/${name}?range=1h`);
        return res.status === 200 ? res.body.points.filter((p) => p.cpu > 0).length : 0;
      },
      { timeout: 100_000, intervals: [2_000] },
    )
    .toBeGreaterThan(0);
});

test.afterAll(() => removeLabelled(LABEL));

async function historyRound(page: Page, labels: { history: string; range24: string; topTitle: string }) {
  await page.goto(`/containers/${id}?tab=stats`);
  const section = page.getByTestId('stats-history');
  await expect(section.getByRole('heading', { name: labels.history })).toBeVisible();
  await expect(section.getByTestId('cli-command')).toHaveText(`docker stats --no-stream ${name}`);
  const cpu = page.getByTestId('history-cpu-chart');
  await expect(cpu.locator('canvas')).toHaveCount(1);
  await expect.poll(async () => Number(await cpu.getAttribute('data-points'))).toBeGreaterThan(0);
  await expect(page.getByTestId('history-range-1h')).toHaveAttribute('aria-pressed', 'true');

  // Switching the range asks the server again, for 1 min points.
  const refetch = page.waitForResponse(
    (res) => res.url().includes(`/api/stats/history/${name}`) && res.url().includes('range=24h'),
  );
  await page.getByRole('button', { name: labels.range24 }).click();
  expect((await refetch).status()).toBe(200);
  await expect(section).toHaveAttribute('data-range', '24h');
  await expect(page.getByTestId('history-range-24h')).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('history-resolution')).toContainText('60');
  await expect(cpu.locator('canvas')).toHaveCount(1);

  // The overview of top consumers, from the live stats page.
  await page.goto('/stats');
  await page.getByTestId('top-consumers-link').click();
  await expect(page).toHaveURL(/\/stats\/history/);
  await expect(page.getByRole('heading', { name: labels.topTitle })).toBeVisible();
  await expect(page.locator(`[data-testid="top-row"][data-name="${name}"]`)).toBeVisible();
  await expect(page.getByTestId('cli-command').first()).toHaveText('docker stats --no-stream');
}

test('the History charts of a container and the top consumers page', async ({ page }) => {
  await historyRound(page, { history: 'History', range24: '24 h', topTitle: 'Top consumers' });
});

test.describe('in Simplified Chinese', () => {
  test.use({ locale: 'zh-CN', extraHTTPHeaders: { 'accept-language': 'zh-CN,zh;q=0.9' } });

  test('the same in 简体中文', async ({ page }) => {
    await historyRound(page, { history: '历史', range24: '24 小时', topTitle: '资源占用排行' });
  });
});
