import { expect, type Page, test } from '@playwright/test';
import type { HistorySearchResult } from '@/lib/logs/history';
import { engine, TEST_IMAGE } from '../support/engine';
import { uniqueTag } from '../support/images';
import { removeLabelled } from '../support/labelled';

/*
 * Issue 20: search the stored log history of two containers from the Log history page, in English and in
 * 简体中文. The containers are started (NetworkMode none) and followed before the page loads.
 */
const LABEL = 'berth.test.loghist=1';
const RUN = uniqueTag('lhui');
const WORD = `kiwi${RUN.replace(/[^a-z0-9]/gi, '')}`;
const NAMES = [`loghist-ui-a-${RUN}`, `loghist-ui-b-${RUN}`];
const DEFAULT_CONFIG = {
  all: false,
  names: [],
  labels: [],
  projects: [],
  maxAgeDays: 7,
  maxBytes: 512 * 1024 * 1024,
};

async function followAndRun(page: Page): Promise<void> {
  await page.goto('/logs/history');
  const known = await page.request.get(`/api/log-history/search?q=${WORD}`);
  if (((await known.json()) as HistorySearchResult).hits.length === 2) return; // the other test made them
  const headers = { origin: new URL(page.url()).origin };
  const put = await page.request.put('/api/log-history/config', {
    data: { ...DEFAULT_CONFIG, labels: [`berth.test.loghist.ui=${RUN}`] },
    headers,
  });
  expect(put.status()).toBe(200);
  for (const [i, name] of NAMES.entries()) {
    const c = await engine.createContainer({
      Image: TEST_IMAGE,
      name,
      Cmd: ['sh', '-c', `echo "${WORD} from ${i ? 'beta' : 'alpha'}"; echo "unrelated ${i}"; sleep 3600`],
      Labels: { 'berth.test.loghist': '1', 'berth.test.loghist.ui': RUN },
      HostConfig: { NetworkMode: 'none' },
    });
    await c.start();
  }
  await expect
    .poll(
      async () => {
        const r = await page.request.get(`/api/log-history/search?q=${WORD}`);
        return ((await r.json()) as HistorySearchResult).hits.length;
      },
      { timeout: 20_000 },
    )
    .toBe(2);
}

test.afterAll(async ({ browser }) => {
  await removeLabelled(LABEL);
  const base = process.env.BERTH_URL ?? 'http://127.0.0.1:3100';
  const context = await browser.newContext({
    baseURL: base,
    storageState: '.test-artifacts/admin-state.json',
  });
  await context.request.put('/api/log-history/config', { data: DEFAULT_CONFIG, headers: { origin: base } });
  await context.close();
});

test('searches the history of two containers and shows both in the log viewer', async ({ page }) => {
  await followAndRun(page);
  await page.goto('/logs/history');
  await expect(page.getByRole('heading', { name: 'Log history', exact: true })).toBeVisible();
  await expect(page.getByRole('navigation').getByRole('link', { name: 'Log history' })).toBeVisible();
  await page.getByLabel('Words').fill(WORD);
  await expect(page.getByTestId('cli-command').first()).toContainText(`grep -Fiw ${WORD}`);
  await page.getByTestId('history-submit').click();
  await expect(page.getByTestId('history-summary')).toHaveText('2 matching lines');
  const viewer = page.getByTestId('log-lines');
  await expect(viewer).toContainText(`${WORD} from alpha`);
  await expect(viewer).toContainText(`${WORD} from beta`);
  // Context lines come with the hits; the merged viewer names each line's container.
  await expect(viewer).toContainText('unrelated 0');
  await expect(
    page
      .getByTestId('log-source')
      .filter({ hasText: NAMES[1] as string })
      .first(),
  ).toBeVisible();
  // A filter by container narrows to one.
  // (A wrapping label's name includes the selected option's text: matched by its start.)
  await page.getByRole('combobox', { name: /^Container/ }).selectOption(NAMES[0] as string);
  await page.getByTestId('history-submit').click();
  await expect(page.getByTestId('history-summary')).toHaveText('1 matching line');
  await page.getByText('Matches, each with a link to the live log').click();
  const open = page.getByTestId('history-hit').getByRole('link', { name: 'Open live' });
  await expect(open).toHaveAttribute(
    'href',
    new RegExp(`^/containers/${NAMES[0]}\\?tab=logs&since=2\\d{3}-`),
  );
  // "Open live from here": the container's live log, starting at the hit's time.
  await open.click();
  await expect(page.getByTestId('logs-since')).not.toHaveValue('');
  await expect(page.getByTestId('log-lines')).toContainText(`${WORD} from alpha`);
  await page.goBack();
  // A regex that is not one says why, in the page.
  await page.getByLabel('Regular expression', { exact: true }).check();
  await page.getByTestId('history-query').fill('(');
  await page.getByTestId('history-submit').click();
  await expect(page.getByTestId('history-error')).toContainText('query.regex');
  // The admin sees what is followed.
  await expect(page.getByTestId('history-stored')).toContainText('2 containers followed now');
});

test.describe('in Simplified Chinese', () => {
  test.use({ locale: 'zh-CN', extraHTTPHeaders: { 'accept-language': 'zh-CN,zh;q=0.9' } });

  test('the same search in 简体中文', async ({ page }) => {
    await followAndRun(page);
    await page.goto('/logs/history');
    await expect(page.getByRole('heading', { name: '日志历史', exact: true })).toBeVisible();
    await expect(page.getByRole('navigation').getByRole('link', { name: '日志历史' })).toBeVisible();
    await page.getByLabel('关键词').fill(WORD);
    await page.getByRole('button', { name: '搜索', exact: true }).click();
    await expect(page.getByTestId('history-summary')).toHaveText('2 行匹配');
    await expect(page.getByTestId('log-lines')).toContainText(`${WORD} from beta`);
    await expect(page.getByRole('heading', { name: '存储范围' })).toBeVisible();
  });
});
