import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import { expect, type Page, test } from '@playwright/test';
import { SMTPServer } from 'smtp-server';
import type { AlertChannelView, AlertRuleView } from '@/lib/alerts/types';
import { TEST_IMAGE } from '../support/engine';
import { uniqueTag } from '../support/images';
import { removeLabelled } from '../support/labelled';

const run = promisify(execFile);
const LABEL = 'berth.test.alerts=1';
const LABEL2 = 'berth.test.alerts2=1';

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

/** The catalogs' texts the round below finds fields and buttons by. */
const en = JSON.parse(readFileSync('lib/i18n/messages/en.json', 'utf8')).alerts;
const zh = JSON.parse(readFileSync('lib/i18n/messages/zh-CN.json', 'utf8')).alerts;
type Texts = typeof en;

/**
 * An e-mail channel and a log-line rule made in the UI; a container logs a matching line; the firing shows on
 * the Alerts page as delivered, and the mail reached the local SMTP server.
 */
async function logRuleRound(page: Page, L: Texts, tag: string) {
  const RUN = uniqueTag(tag);
  const mails: string[] = [];
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, callback) {
      let raw = '';
      stream.on('data', (c: Buffer) => {
        raw += c.toString('utf8');
      });
      stream.on('end', () => {
        mails.push(raw);
        callback();
      });
    },
  });
  await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', () => r()));
  const port = (smtp.server.address() as AddressInfo).port;
  await page.goto('/alerts');
  const headers = { origin: new URL(page.url()).origin };
  await page.request.put('/api/settings', { data: { alerts: { allowPrivateTargets: true } }, headers });
  const name = `a2ui-${RUN}-x`;
  try {
    await expect(page.getByRole('heading', { name: L.title, exact: true })).toBeVisible();
    // Admins see the retention and private-targets settings.
    await expect(page.getByTestId('alert-settings')).toContainText(L.settings.retentionDays);
    await page.getByRole('button', { name: L.channels.add }).click();
    const channelForm = page.getByTestId('channel-form');
    // A label around a select names it with the selected option too: the select is found by its name attribute.
    await channelForm.locator('select[name="kind"]').selectOption('email');
    await channelForm.getByLabel(L.channels.name, { exact: true }).fill(`mail-${RUN}`);
    await channelForm.getByLabel(L.channels.smtpHost, { exact: true }).fill('127.0.0.1');
    await channelForm.getByLabel(L.channels.smtpPort, { exact: true }).fill(String(port));
    await channelForm.locator('select[name="security"]').selectOption('none');
    await channelForm.getByLabel(L.channels.mailFrom, { exact: true }).fill('berth@example.test');
    await channelForm.getByLabel(L.channels.mailTo, { exact: true }).fill('ops@example.test');
    await expect(page.getByTestId('channel-explain')).toContainText(L.channelExplain.email);
    await channelForm.getByRole('button', { name: L.save }).click();
    const channelRow = page.getByTestId('channel-row').filter({ hasText: `mail-${RUN}` });
    await expect(channelRow).toContainText(`smtp://127.0.0.1:${port} → ops@example.test`);

    await page.getByRole('button', { name: L.rules.add }).click();
    const ruleForm = page.getByTestId('rule-form');
    await ruleForm.locator('select[name="kind"]').selectOption('log_match');
    await ruleForm.getByLabel(L.rules.name, { exact: true }).fill(`log-${RUN}`);
    await ruleForm.getByLabel(L.rules.nameGlob, { exact: true }).fill(`a2ui-${RUN}-*`);
    await ruleForm.getByLabel(L.rules.pattern, { exact: true }).fill('PANIC \\d+');
    await ruleForm.getByLabel(`mail-${RUN}`).check();
    await expect(ruleForm).toContainText("grep -E 'PANIC \\d+'");
    await ruleForm.getByRole('button', { name: L.save }).click();
    await expect(page.getByTestId('rule-row').filter({ hasText: `log-${RUN}` })).toContainText(
      '/PANIC \\d+/',
    );

    await run('docker', [
      'run',
      '-d',
      '--name',
      name,
      '--label',
      LABEL2,
      '--network',
      'none',
      TEST_IMAGE,
      'sh',
      '-c',
      'sleep 2; echo fine; echo "PANIC 7 at the disco"; sleep 600',
    ]);
    const row = page.locator(`[data-testid="firing-row"][data-target="${name}"]`);
    await expect(row).toContainText('PANIC 7 at the disco', { timeout: 30_000 });
    await expect(row).toContainText(`mail-${RUN}: ${L.delivery.ok}`, { timeout: 15_000 });
    expect(mails.some((m) => m.includes(name))).toBe(true);
    await row.getByRole('button', { name: L.firings.acknowledge }).click();
    await expect(row.getByTestId('acknowledged')).toBeVisible();
  } finally {
    const rules = (await (await page.request.get('/api/alerts/rules')).json()) as AlertRuleView[];
    for (const r of rules.filter((r) => r.name === `log-${RUN}`))
      await page.request.delete(`/api/alerts/rules/${r.id}`, { headers });
    const channels = (await (await page.request.get('/api/alerts/channels')).json()) as AlertChannelView[];
    for (const c of channels.filter((c) => c.name === `mail-${RUN}`))
      await page.request.delete(`/api/alerts/channels/${c.id}`, { headers });
    await page.request.put('/api/settings', { data: { alerts: { allowPrivateTargets: false } }, headers });
    await removeLabelled(LABEL2);
    await new Promise<void>((r) => smtp.close(() => r()));
  }
}

test('an e-mail channel and a log-line rule made in the UI fire on the Alerts page', async ({ page }) => {
  test.setTimeout(120_000);
  await logRuleRound(page, en, 'ui2en');
});

test.describe('in Simplified Chinese', () => {
  test.use({ locale: 'zh-CN', extraHTTPHeaders: { 'accept-language': 'zh-CN,zh;q=0.9' } });

  test('the same round in 简体中文, with the Chinese labels', async ({ page }) => {
    test.setTimeout(120_000);
    await page.goto('/alerts');
    await expect(page.getByRole('navigation').getByRole('link', { name: '告警' })).toBeVisible();
    await logRuleRound(page, zh, 'ui2zh');
  });
});
