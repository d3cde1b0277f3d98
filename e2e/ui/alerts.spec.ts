import { execFile } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import { expect, test } from '@playwright/test';
import type { AlertChannelView, AlertRuleView } from '@/lib/alerts/types';
import { TEST_IMAGE } from '../support/engine';
import { uniqueTag } from '../support/images';
import { removeLabelled } from '../support/labelled';

const run = promisify(execFile);
const LABEL = 'berth.test.alerts=1';

/** Admin makes a webhook channel and a rule in the UI, a container exits 3, the firing shows and is acknowledged. */
test('creates a channel and a rule, sees the firing delivered and acknowledges it', async ({ page }) => {
  const RUN = uniqueTag('ui');
  const bodies: string[] = [];
  const receiver = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      bodies.push(body);
      res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
  await page.goto('/alerts');
  const headers = { origin: new URL(page.url()).origin };
  await page.request.put('/api/settings', { data: { alerts: { allowPrivateTargets: true } }, headers });
  const name = `alerts-${RUN}-x`;
  try {
    await expect(page.getByRole('heading', { name: 'Alerts', exact: true })).toBeVisible();

    await page.getByRole('button', { name: 'Add channel' }).click();
    const channelForm = page.getByTestId('channel-form');
    await channelForm.getByLabel('Name', { exact: true }).fill(`hook-${RUN}`);
    await channelForm.getByLabel('URL', { exact: true }).fill(url);
    await channelForm.getByLabel('Signing secret (HMAC-SHA256)').fill('ui-secret');
    await expect(page.getByTestId('channel-explain')).toContainText('X-Berth-Signature');
    await channelForm.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByTestId('channel-row').filter({ hasText: `hook-${RUN}` })).toBeVisible();

    await page.getByRole('button', { name: 'Add rule' }).click();
    const ruleForm = page.getByTestId('rule-form');
    await ruleForm.getByLabel('Name', { exact: true }).fill(`exit-${RUN}`);
    await ruleForm.getByLabel('Container name pattern (* and ?)').fill(`alerts-${RUN}-*`);
    await ruleForm.getByLabel(`hook-${RUN}`).check();
    await expect(page.getByTestId('rule-explain')).toContainText('exit code other than 0');
    await expect(ruleForm).toContainText('docker events --filter type=container --filter event=die');
    await ruleForm.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByTestId('rule-row').filter({ hasText: `exit-${RUN}` })).toBeVisible();

    await run('docker', [
      'run',
      '--name',
      name,
      '--label',
      LABEL,
      '--network',
      'none',
      TEST_IMAGE,
      'sh',
      '-c',
      'exit 3',
    ]).catch(() => {});
    const row = page.locator(`[data-testid="firing-row"][data-target="${name}"]`);
    await expect(row).toContainText('exited with code 3', { timeout: 15_000 });
    await expect(row).toContainText(`hook-${RUN}: delivered`, { timeout: 15_000 });
    expect(bodies.some((b) => b.includes(name))).toBe(true);
    await row.getByRole('button', { name: 'Acknowledge' }).click();
    await expect(row.getByTestId('acknowledged')).toContainText('Acknowledged by');
  } finally {
    const rules = (await (await page.request.get('/api/alerts/rules')).json()) as AlertRuleView[];
    for (const r of rules.filter((r) => r.name === `exit-${RUN}`))
      await page.request.delete(`/api/alerts/rules/${r.id}`, { headers });
    const channels = (await (await page.request.get('/api/alerts/channels')).json()) as AlertChannelView[];
    for (const c of channels.filter((c) => c.name === `hook-${RUN}`))
      await page.request.delete(`/api/alerts/channels/${c.id}`, { headers });
    await page.request.put('/api/settings', { data: { alerts: { allowPrivateTargets: false } }, headers });
    await removeLabelled(LABEL);
    await new Promise<void>((r) => receiver.close(() => r()));
  }
});
