import fs from 'node:fs';
import { expect, test } from '@playwright/test';
import Docker from 'dockerode';
import { api } from '../support/api';
import { TEST_IMAGE, uniqueName } from '../support/engine';

/** The live views of a container on another engine (e1 of scripts/test-engines.sh), through the socket. */
const LABEL = 'berth.test.rtenv';
const ENV_ID = `rtui-${Date.now().toString(36).slice(-5)}`;

function e1Address(): string {
  const list = JSON.parse(fs.readFileSync('/run/berth-engines/engines.json', 'utf8')) as {
    name: string;
    tcp: string;
  }[];
  const found = list.find((e) => e.name === 'e1');
  if (!found) throw new Error('engine e1 is not up: bash scripts/test-engines.sh status');
  return found.tcp;
}
const e1Url = new URL(e1Address().replace(/^tcp:/, 'http:'));
const e1 = new Docker({ host: e1Url.hostname, port: Number(e1Url.port) });

async function removeOurs() {
  const filters = JSON.stringify({ label: [`${LABEL}=1`] });
  const list = await e1.listContainers({ all: true, filters });
  await Promise.allSettled(list.map((c) => e1.getContainer(c.Id).remove({ force: true })));
  await api(`/api/environments/${ENV_ID}`, { method: 'DELETE' });
}

async function onE1(name: string, cmd: string[]) {
  const container = await e1.createContainer({
    Image: TEST_IMAGE,
    name,
    Cmd: cmd,
    Labels: { [LABEL]: '1' },
    // No veth on the host's side of the page load either way, but the rule holds.
    HostConfig: { NetworkMode: 'none' },
  });
  await container.start();
  return container;
}

test.beforeAll(async () => {
  await removeOurs();
  const made = await api('/api/environments', {
    method: 'POST',
    json: { id: ENV_ID, name: `e1 ${ENV_ID}`, address: e1Address() },
  });
  expect(made.status, JSON.stringify(made.body)).toBe(201);
});
test.afterAll(removeOurs);

test('logs and a terminal of a container on another engine, live over the socket', async ({ page }) => {
  const name = uniqueName('rtui-count');
  const container = await onE1(name, [
    'sh',
    '-c',
    'i=0; while true; do echo line-$i; i=$((i+1)); sleep 0.2; done',
  ]);
  await page.goto(`/containers/${container.id}?env=${ENV_ID}`);
  await page.getByRole('tab', { name: 'Logs' }).click();
  await expect(page.getByTestId('log-status')).toHaveAttribute('data-status', 'live');
  const lines = page.getByTestId('log-line');
  await expect(lines.filter({ hasText: /line-\d+/ }).first()).toBeVisible();
  // Live, not only the backlog: more lines keep coming.
  const before = await lines.count();
  await expect.poll(() => lines.count(), { timeout: 10_000 }).toBeGreaterThan(before);

  await page.getByRole('tab', { name: 'Terminal' }).click();
  await page.getByTestId('terminal-connect').click();
  await expect(page.getByTestId('terminal-status')).toHaveAttribute('data-status', 'open');
  const screen = page.locator('[data-testid="terminal"] .xterm-rows');
  await expect(screen).toContainText('/ #');
  await page.locator('[data-testid="terminal"] .xterm-helper-textarea').focus();
  await page.keyboard.type('cat /etc/hostname; echo h""i-$((6*7))');
  await page.keyboard.press('Enter');
  await expect(screen).toContainText('hi-42');
  // The shell runs in e1's container: its hostname is that container's.
  await expect(screen).toContainText(container.id.slice(0, 12));
  await page.getByTestId('terminal-disconnect').click();
});

test("the events page of another engine shows that engine's live events", async ({ page }) => {
  await page.goto(`/events?env=${ENV_ID}`);
  await expect(page.getByTestId('cli-command').first()).toContainText('docker');
  // Started after the page opened: only the live stream of e1 can bring it.
  await page.waitForTimeout(1_000);
  const name = uniqueName('rtui-ev');
  await onE1(name, ['true']);
  const rows = page.getByTestId('event-row').filter({ hasText: name });
  await expect(rows.filter({ hasText: 'start' }).first()).toBeVisible();

  // The environments home tells each engine's newest event.
  await page.goto('/environments');
  const card = page.locator(`[data-testid="environment-card"][data-id="${ENV_ID}"]`);
  await expect(card.getByTestId('environment-last-event')).toContainText('container');
});
