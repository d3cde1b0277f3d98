import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect, type Page, test } from '@playwright/test';
import { api, BASE_URL, userSession } from '../support/api';
import { engine, TEST_IMAGE, uniqueName, waitFor } from '../support/engine';

const run = promisify(execFile);

/** Every stack this file deploys, taken down (volumes too) and forgotten by Berth afterwards. */
const deployed: string[] = [];
/** Folders of compose files written for stacks started outside Berth. */
const folders: string[] = [];

test.afterAll(async () => {
  for (const name of deployed) {
    await run('docker', ['compose', '-p', name, 'down', '-v', '--remove-orphans'], { timeout: 60_000 }).catch(
      () => undefined,
    );
    await api(`/api/stacks/${name}`, { method: 'DELETE' }).catch(() => undefined);
  }
  for (const folder of folders) fs.rmSync(folder, { recursive: true, force: true });
});

/**
 * A service that prints one line and waits (killed at once on stop: a shell as PID 1 ignores SIGTERM, and the
 * 10 s grace of each recreate slows the tests), with a named volume so `down -v` has something to name.
 */
const composeFile = (marker: string, extra = '') => `services:
  app:
    image: ${TEST_IMAGE}
    command: ["sh", "-c", "echo ${marker}; sleep 3600"]
${extra}    stop_signal: SIGKILL
    labels:
      berth.test.stack: "1"
    volumes:
      - data:/data
volumes:
  data:
    labels:
      berth.test.stack: "1"
`;

/** Replaces the whole text of a CodeMirror editor, as typing would (no auto-indent: inserted in one go). */
async function replaceText(page: Page, testId: string, text: string) {
  const editor = page.getByTestId(testId);
  await editor.click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(text);
  await expect(editor).toContainText(text.split('\n')[0] ?? '');
}

/** Compose on a loaded machine: pulling nothing, but creating networks and containers can take a while. */
const RUN_TIMEOUT = 120_000;

/** Clicks what starts a stack action and waits for that run (not an earlier one) to end with `status`. */
async function runAndWait(page: Page, start: () => Promise<void>, status: string) {
  const panel = page.getByTestId('stack-run');
  const before = Number((await panel.count()) ? await panel.getAttribute('data-run') : 0);
  await start();
  await expect(panel).toHaveAttribute('data-run', String(before + 1), { timeout: 30_000 });
  await expect(page.getByTestId('stack-run-status')).toHaveText(status, { timeout: RUN_TIMEOUT });
}

interface Words {
  create: string;
  deploy: string;
  accepted: string;
  /** The line-number wording of the problem list ("line 4" / "第 4 行"). */
  line: (n: number) => RegExp;
  done: string;
  logsTab: string;
  following: string;
  down: string;
  downTitle: (name: string) => string;
}

const EN: Words = {
  create: 'Create stack',
  deploy: 'Deploy',
  accepted: 'Compose accepts the file',
  line: (n) => new RegExp(`compose\\.yaml line ${n}: `),
  done: 'Done',
  logsTab: 'Logs',
  following: 'Following 1 container',
  down: 'Down',
  downTitle: (name) => `Take stack ${name} down?`,
};

const ZH: Words = {
  create: '创建堆栈',
  deploy: '部署',
  accepted: 'Compose 接受此文件',
  line: (n) => new RegExp(`compose\\.yaml 第 ${n} 行：`),
  done: '完成',
  logsTab: '日志',
  following: '正在跟踪 1 个容器',
  down: '下线',
  downTitle: (name) => `下线堆栈 ${name}？`,
};

/**
 * The whole round: write a stack in the editor, see a YAML error and a Compose error on their lines, fix them,
 * deploy with live output, read a line the service printed in the stack's merged logs, take it down with its
 * volume after a confirmation that names both.
 */
async function roundTrip(page: Page, words: Words, prefix: string) {
  const name = uniqueName(prefix);
  const marker = `hello-from-${name}`;
  deployed.push(name);

  await page.goto('/stacks/new');
  await expect(page.getByRole('heading', { name: words.create })).toBeVisible();
  await page.getByTestId('stack-name').fill(name);

  // A YAML error is found as it is typed, in the browser: the duplicated key on line 4.
  await replaceText(
    page,
    'compose-editor',
    `services:\n  app:\n    image: ${TEST_IMAGE}\n    image: again\n`,
  );
  await expect(page.getByTestId('stack-validation')).toHaveAttribute('data-verdict', 'syntax');
  await expect(page.getByTestId('stack-problem')).toHaveAttribute('data-line', '4');
  await expect(page.getByTestId('stack-problem')).toHaveText(words.line(4));
  await expect(page.locator('.cm-lintRange-error')).toHaveCount(1);

  // Valid YAML that Compose refuses: its own message, placed on the line of the setting it names (line 5).
  await replaceText(page, 'compose-editor', composeFile(marker, '    no_such_setting: 1\n'));
  await expect(page.getByTestId('stack-validation')).toHaveAttribute('data-verdict', 'invalid');
  const problem = page.getByTestId('stack-problem').first();
  await expect(problem).toHaveAttribute('data-line', '5');
  await expect(problem).toHaveText(words.line(5));
  await expect(problem).toContainText('no_such_setting');

  // Fixed: Compose accepts it, and the command line is the deploy's.
  await replaceText(page, 'compose-editor', composeFile(marker));
  await expect(page.getByTestId('stack-verdict')).toHaveText(words.accepted);
  await expect(page.getByTestId('stack-problem')).toHaveCount(0);
  await expect(page.getByTestId('cli-command').last()).toHaveText(`docker compose -p ${name} up -d`);

  // Deploy: Compose's own output arrives live, then the end.
  await expect(page.getByTestId('stack-deploy')).toHaveText(words.deploy);
  await runAndWait(page, () => page.getByTestId('stack-deploy').click(), words.done);
  await expect(page.getByTestId('stack-output')).toContainText('Started');
  await expect(page.getByTestId('stack-run').getByTestId('cli-command')).toContainText(`-p ${name} up -d`);
  const running = await engine.listContainers({
    filters: JSON.stringify({ label: [`com.docker.compose.project=${name}`] }),
  });
  expect(running.map((c) => c.State)).toEqual(['running']);

  // The stack's page: its merged logs show what the service printed.
  await page.getByTestId('stack-open').click();
  await expect(page.getByTestId('stack-name')).toHaveText(name);
  await expect(page.getByTestId('stack-status')).toHaveAttribute('data-status', 'running');
  await page.getByRole('tab', { name: words.logsTab }).click();
  await expect(page.getByTestId('stack-logs-count')).toHaveText(words.following);
  await expect(page.getByTestId('log-line').filter({ hasText: marker })).toHaveCount(1, { timeout: 30_000 });

  // Down, with its volume: the confirmation names the stack and the volume, and the command has -v.
  const volume = `${name}_data`;
  await page.getByTestId('stack-action-down').click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByRole('heading')).toHaveText(words.downTitle(name));
  await expect(dialog.getByTestId('stack-down-volume-list')).toContainText(volume);
  await dialog.getByTestId('stack-down-volumes').check();
  await expect(dialog.getByTestId('stack-down-warning')).toContainText(name);
  await expect(dialog.getByTestId('cli-command')).toHaveText(`docker compose -p ${name} down -v`);
  await runAndWait(page, () => dialog.getByTestId('confirm-button').click(), words.done);
  await expect(page.getByTestId('stack-output')).toContainText('Removed');
  await waitFor(
    async () =>
      (
        await engine.listContainers({
          all: true,
          filters: JSON.stringify({ label: [`com.docker.compose.project=${name}`] }),
        })
      ).length === 0,
  );
  const volumes = await engine.listVolumes({ filters: JSON.stringify({ name: [volume] }) });
  expect((volumes.Volumes ?? []).filter((v) => v.Name === volume)).toEqual([]);
  await expect(page.getByTestId('stack-status')).toHaveAttribute('data-status', 'stopped');
}

test('write a stack, see its errors on their lines, deploy it live, read its logs, take it down', async ({
  page,
}) => {
  test.setTimeout(300_000);
  await roundTrip(page, EN, 'uistack-en');
});

/** The command line the stack's one container runs, from the engine. */
async function runningCommand(name: string): Promise<string> {
  const [container] = await engine.listContainers({
    filters: JSON.stringify({ label: [`com.docker.compose.project=${name}`] }),
  });
  if (!container) return '';
  return ((await engine.getContainer(container.Id).inspect()).Config.Cmd ?? []).join(' ');
}

test('edit a deployed stack against its saved file, save and redeploy live, then roll back in one click', async ({
  page,
}) => {
  test.setTimeout(300_000);
  const name = uniqueName('uistack-edit');
  deployed.push(name);
  const created = await api('/api/stacks', {
    method: 'POST',
    json: { name, compose: composeFile(`first-${name}`), deploy: true },
  });
  expect(created.status).toBe(201);
  expect(await runningCommand(name)).toContain(`first-${name}`);

  await page.goto(`/stacks/${name}?tab=editor`);
  await replaceText(page, 'compose-editor', composeFile(`second-${name}`));
  await expect(page.getByTestId('stack-editor-dirty')).toBeVisible();
  await expect(page.getByTestId('stack-verdict')).toHaveText('Compose accepts the file');
  // The diff against the saved file: the old command line shown deleted, the new one changed.
  await page.getByRole('tab', { name: 'Saved files' }).click();
  await expect(page.locator('.cm-deletedChunk').first()).toContainText(`first-${name}`);
  await expect(page.locator('.cm-changedLine').first()).toContainText(`second-${name}`);

  await runAndWait(page, () => page.getByTestId('stack-save-deploy').click(), 'Done');
  await expect(page.getByTestId('stack-output')).toContainText('Started');
  expect(await runningCommand(name)).toContain(`second-${name}`);

  // History: the first version is one click away; rolling back redeploys it, live.
  await page.getByRole('tab', { name: 'History' }).click();
  await expect(page.getByTestId('stack-version')).toHaveCount(2);
  await runAndWait(
    page,
    () =>
      page.locator('[data-testid="stack-version"][data-version="1"]').getByTestId('stack-rollback').click(),
    'Done',
  );
  expect(await runningCommand(name)).toContain(`first-${name}`);
  await expect(page.locator('[data-testid="stack-version"]').first()).toHaveAttribute('data-version', '3');
});

test('a viewer reads a stack but has no control to change it', async ({ browser }) => {
  const viewer = await userSession('viewer', 'ui-stack-viewer');
  const name = uniqueName('uistack-view');
  deployed.push(name);
  const created = await api('/api/stacks', {
    method: 'POST',
    json: { name, compose: composeFile(`viewed-${name}`), deploy: false },
  });
  expect(created.status).toBe(201);

  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const [cookieName = '', ...rest] = viewer.cookie.split('=');
  await context.addCookies([{ name: cookieName, value: rest.join('='), url: BASE_URL }]);
  const page = await context.newPage();
  await page.goto('/stacks');
  await expect(page.locator(`[data-testid="stack-row"][data-name="${name}"]`)).toBeVisible();
  await expect(page.getByRole('link', { name: 'Create stack' })).toHaveCount(0);

  await page.goto(`/stacks/${name}`);
  await expect(page.getByTestId('stack-name')).toHaveText(name);
  for (const action of ['up', 'stop', 'start', 'restart', 'pull', 'down'])
    await expect(page.getByTestId(`stack-action-${action}`)).toHaveCount(0);
  await expect(page.getByTestId('stack-remove')).toHaveCount(0);
  await expect(page.getByTestId('cli-command').first()).toContainText(`-p ${name} up -d`);
  await page.getByRole('tab', { name: 'Editor' }).click();
  await expect(page.getByTestId('compose-editor')).toContainText(`viewed-${name}`);
  await expect(page.getByTestId('compose-editor')).toHaveAttribute('contenteditable', 'false');
  await expect(page.getByTestId('stack-save-deploy')).toHaveCount(0);
  await context.close();
});

test('a stack started outside Berth is listed as external with its file, and an admin adopts it', async ({
  page,
}) => {
  test.setTimeout(300_000);
  const name = uniqueName('uistack-ext');
  deployed.push(name);
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-e2e-ext-'));
  folders.push(folder);
  const file = path.join(folder, 'compose.yaml');
  fs.writeFileSync(file, composeFile(`outside-${name}`));
  await run('docker', ['compose', '-p', name, '-f', file, 'up', '-d'], { timeout: RUN_TIMEOUT });

  await page.goto('/stacks');
  await page.getByRole('searchbox').fill(name);
  const row = page.locator(`[data-testid="stack-row"][data-name="${name}"]`);
  await expect(row).toHaveAttribute('data-origin', 'external');
  await expect(row.getByTestId('stack-origin')).toHaveText('External');
  await expect(row.getByTestId('stack-files')).toContainText(file);
  await expect(row.getByTestId('stack-containers')).toHaveText('1 / 1 running');

  // Read-only until adopted: no actions, no editor.
  await row.getByRole('link', { name }).click();
  await expect(page.getByTestId('stack-external')).toContainText(file);
  await expect(page.getByTestId('stack-action-up')).toHaveCount(0);
  await expect(page.getByRole('tab', { name: 'Editor' })).toHaveCount(0);

  await page.getByTestId('stack-adopt').click();
  await expect(page.getByTestId('stack-origin')).toHaveText('Adopted');
  await expect(page.getByTestId('stack-action-up')).toBeVisible();
  await page.getByRole('tab', { name: 'Editor' }).click();
  await expect(page.getByTestId('compose-editor')).toContainText(`outside-${name}`);
});

test.describe('in Simplified Chinese', () => {
  test.use({ locale: 'zh-CN', extraHTTPHeaders: { 'accept-language': 'zh-CN,zh;q=0.9' } });

  test('the same round in 简体中文, with the Chinese labels', async ({ page }) => {
    test.setTimeout(300_000);
    await page.goto('/stacks');
    await expect(page.getByRole('navigation').getByRole('link', { name: '堆栈' })).toBeVisible();
    await expect(page.getByRole('heading', { name: '堆栈', exact: true })).toBeVisible();
    await roundTrip(page, ZH, 'uistack-zh');
    // And back to English with the switcher, as the shell offers it.
    await page.goto('/stacks');
    await page.getByTestId('language-switcher').selectOption('en');
    await expect(page.getByRole('heading', { name: 'Stacks', exact: true })).toBeVisible();
  });
});
