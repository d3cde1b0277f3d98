import { expect, test } from '@playwright/test';
import { api } from '../support/api';
import { engine, removeTestContainers, TEST_IMAGE, TEST_LABEL, uniqueName } from '../support/engine';

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

test('a merged view interleaves several containers by time, each named, chosen by label or by hand', async ({
  page,
}) => {
  const run = Date.now().toString(36);
  const label = `berth.test.merge=${run}`;
  // Two containers writing one line a second, started one after the other: their lines overlap in time.
  const make = async (prefix: string) => {
    const name = uniqueName(`ui-merge-${prefix}`);
    const res = await api<{ id: string }>('/api/containers', {
      method: 'POST',
      json: {
        image: TEST_IMAGE,
        name,
        labels: [TEST_LABEL, label],
        command: ['sh', '-c', `for i in 1 2 3 4; do echo "${prefix}-$i"; sleep 1; done; sleep 3600`],
      },
    });
    expect(res.status).toBe(201);
    return name;
  };
  const a = await make('a');
  const b = await make('b');
  await page.goto(`/logs?label=${encodeURIComponent(label)}`);
  await expect(page.getByTestId('merged-count')).toHaveText('Following 2 containers');
  const lines = page.getByTestId('log-line');
  await expect(lines).toHaveCount(8, { timeout: 15_000 });
  const shown = await lines.evaluateAll((rows) =>
    rows.map((r) => ({
      time: r.querySelector('span')?.textContent ?? '',
      source: r.querySelector('[data-testid="log-source"]')?.textContent ?? '',
      text: r.lastElementChild?.textContent ?? '',
    })),
  );
  // In time order across both containers, each line named by its container, and really interleaved.
  expect(shown.map((l) => l.time)).toEqual([...shown.map((l) => l.time)].sort());
  expect(shown.filter((l) => l.source === a).map((l) => l.text)).toEqual(['a-1', 'a-2', 'a-3', 'a-4']);
  expect(shown.filter((l) => l.source === b).map((l) => l.text)).toEqual(['b-1', 'b-2', 'b-3', 'b-4']);
  expect(shown[0]?.text).toBe('a-1');
  expect(shown.findIndex((l) => l.text === 'b-1')).toBeLessThan(shown.findIndex((l) => l.text === 'a-4'));

  // Picking by hand: one container only.
  await page.goto('/logs');
  // The selection lives in the URL: the box is ticked once the URL says so.
  await page.getByTestId(`merged-pick-${b}`).click();
  await expect(page.getByTestId(`merged-pick-${b}`)).toBeChecked();
  await expect(page).toHaveURL(/\?c=/);
  await expect(page.getByTestId('merged-count')).toHaveText('Following 1 container');
  await expect(lines).toHaveCount(4);
  await expect(lines).toHaveText([/b-1/, /b-2/, /b-3/, /b-4/]);
});

test.describe('a time window', () => {
  test.use({ timezoneId: 'UTC' });

  test('since shows only later lines live; until shows a fixed window', async ({ page }) => {
    const name = uniqueName('ui-logs-window');
    const created = await api<{ id: string }>('/api/containers', {
      method: 'POST',
      json: {
        image: TEST_IMAGE,
        name,
        labels: [TEST_LABEL],
        command: ['sh', '-c', 'echo first-line; sleep 3; echo second-line; sleep 3600'],
      },
    });
    const id = created.body.id;
    const lines = async () =>
      (await api<{ time?: string; text: string }[]>(`/api/containers/${id}/logs?tail=all&timestamps=1`)).body;
    await expect.poll(async () => (await lines()).length, { timeout: 15_000 }).toBe(2);
    const second = (await lines()).find((l) => l.text === 'second-line');
    // One second before the second line, to the second (what a datetime-local input holds).
    const cut = new Date(Date.parse(second?.time ?? '') - 1000).toISOString().slice(0, 19);

    await page.goto(`/containers/${id}`);
    await page.getByRole('tab', { name: 'Logs' }).click();
    await expect(page.getByTestId('log-line')).toHaveCount(2);
    await page.getByTestId('logs-since').fill(cut);
    await expect(page.getByTestId('cli-command').first()).toContainText(`--since ${cut}`);
    await expect(page.getByTestId('log-line')).toHaveCount(1);
    await expect(page.getByTestId('log-line')).toContainText('second-line');

    await page.getByTestId('logs-since').fill('');
    await page.getByTestId('logs-until').fill(cut);
    await expect(page.getByTestId('cli-command').first()).toContainText(`--until ${cut}`);
    await expect(page.getByTestId('log-line')).toHaveCount(1);
    await expect(page.getByTestId('log-line')).toContainText('first-line');
    await expect(page.getByTestId('log-status')).toHaveAttribute('data-status', 'ended');
  });
});

test('a line longer than 64 KiB is shown cut, with a mark saying how much is missing', async ({ page }) => {
  const c = await engine.createContainer({
    Image: TEST_IMAGE,
    name: uniqueName('ui-long-line'),
    Cmd: ['sh', '-c', `head -c ${1024 * 1024} /dev/zero | tr '\\0' a; echo; echo after`],
    Labels: { 'berth.test': '1' },
    // No network: a new veth makes Chromium abort the page load in flight (ERR_NETWORK_CHANGED).
    HostConfig: { NetworkMode: 'none' },
  });
  await c.start();
  await c.wait();
  await page.goto(`/containers/${c.id}`);
  await page.getByRole('tab', { name: 'Logs' }).click();
  await expect(page.getByTestId('log-line').filter({ hasText: /after$/ })).toHaveCount(1);
  const mark = page.getByTestId('log-truncated');
  await expect(mark).toHaveCount(1);
  await expect(mark).toBeVisible();
  // 1 MiB minus the 64 KiB kept (the engine's timestamps count too): about 0.98 MB left out.
  await expect(mark).toHaveText(/^truncated · 9\d\d(\.\d)? KB not shown$/);
  await expect(mark).toHaveAttribute('title', /longer than 64 KiB/);
});
