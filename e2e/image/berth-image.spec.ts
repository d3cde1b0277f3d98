import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { expect, type Page, test } from '@playwright/test';
import { ADMIN_PASSWORD, ADMIN_USER, api, login } from '../support/api';
import { engine, TEST_IMAGE, TEST_LABEL, uniqueName, waitFor } from '../support/engine';

/*
 * Berth running as a container (scripts/image-test.sh built the image, started it with the engine socket and a data
 * volume, and names it in BERTH_IMAGE_CONTAINER). In order: the smoke of a user's first minutes, then restart and
 * stop of the Berth container itself.
 */
const BERTH = process.env.BERTH_IMAGE_CONTAINER ?? '';
test.describe.configure({ mode: 'serial' });
const run = promisify(execFile);
/** Where the image ships Compose v2 (the Dockerfile), and the host's Compose, the oracle of what runs. */
const IMAGE_COMPOSE = '/usr/local/lib/docker/cli-plugins/docker-compose';
const HOST_COMPOSE = process.env.BERTH_COMPOSE || '/usr/local/lib/docker/cli-plugins/docker-compose';

// Only what this file made: other suites' clean-up of every berth.test=1 container would take Berth with it.
const created: string[] = [];
const stacks: string[] = [];
// Containers made here join no network: a new veth makes Chromium abort in-flight loads (ERR_NETWORK_CHANGED).
const NO_NETWORK = 'none';
test.beforeAll(() => {
  if (!BERTH) throw new Error('BERTH_IMAGE_CONTAINER must name the Berth container under test');
});
test.afterAll(async () => {
  await Promise.allSettled(created.map((name) => engine.getContainer(name).remove({ force: true, v: true })));
  // A stack the test could not take down through Berth: down with the host's Compose.
  await Promise.allSettled(stacks.map((p) => run(HOST_COMPOSE, ['-p', p, 'down', '--remove-orphans'])));
});

/** `docker compose -p NAME ps --all` on the host: Compose 2.26 prints one JSON object a line. */
async function composePs(project: string): Promise<{ Service: string; State: string }[]> {
  const { stdout } = await run(HOST_COMPOSE, ['-p', project, 'ps', '--all', '--format', 'json']);
  const text = stdout.trim();
  if (!text) return [];
  return text.startsWith('[') ? JSON.parse(text) : text.split('\n').map((line) => JSON.parse(line));
}

async function waitHealthy(): Promise<void> {
  await waitFor(
    async () => (await engine.getContainer(BERTH).inspect()).State.Health?.Status === 'healthy',
    60_000,
  );
}

async function openTerminal(page: Page, id: string) {
  await page.goto(`/containers/${id}`);
  await page.getByRole('tab', { name: 'Terminal' }).click();
  await page.getByTestId('terminal-connect').click();
  await expect(page.getByTestId('terminal-status')).toHaveAttribute('data-status', 'open');
  const screen = page.locator('[data-testid="terminal"] .xterm-rows');
  await expect(screen).toContainText('/ #');
  return screen;
}

test('the image runs from /app with its data in the /data volume, on the mounted engine socket', async () => {
  const info = await engine.getContainer(BERTH).inspect();
  expect(info.State.Health?.Status).toBe('healthy');
  expect(info.Config.WorkingDir).toBe('/app');
  expect(info.Mounts.find((m) => m.Destination === '/data')?.Type).toBe('volume');
  expect(info.Mounts.find((m) => m.Destination === '/var/run/docker.sock')?.Type).toBe('bind');
  const health = await api<{ ok: boolean; engine: { reachable: boolean } }>('/api/health', {
    as: 'anonymous',
  });
  expect(health.body).toMatchObject({ ok: true, engine: { reachable: true } });
  // The allocator of the Dockerfile's ENV is loaded into Berth (pid 1), not silently skipped.
  const maps = await run('docker', ['exec', BERTH, '/app/bin/busybox', 'cat', '/proc/1/maps']);
  expect(maps.stdout).toContain('/app/lib/libjemalloc.so.2');
});

test('log in through the login page', async ({ browser }) => {
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  await page.goto('/containers');
  await expect(page).toHaveURL(/\/login\?next=/);
  await page.getByLabel('Username').fill(ADMIN_USER);
  await page.getByLabel('Password').fill(ADMIN_PASSWORD);
  await page.getByTestId('login-submit').click();
  await expect(page).toHaveURL(/\/containers$/);
  await expect(page.getByTestId('user-menu')).toContainText(ADMIN_USER);
  await context.close();
});

test('the container list shows the engine’s containers, Berth’s own among them', async ({ page }) => {
  const berthName = (await engine.getContainer(BERTH).inspect()).Name.replace(/^\//, '');
  await page.goto('/containers');
  const row = page.locator(`[data-testid="container-row"][data-name="${berthName}"]`);
  await expect(row).toBeVisible();
  await expect(row).toHaveAttribute('data-state', 'running');
});

test('create a container from the form and remove it', async ({ page }) => {
  const name = uniqueName('image-ui');
  created.push(name);
  await page.goto('/containers/new');
  await page.getByLabel('Image', { exact: true }).fill(TEST_IMAGE);
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByLabel('Command', { exact: true }).fill('sleep 3600');
  // The form's options sit in tabs: open each before filling it.
  await page.getByRole('tab', { name: 'Network' }).click();
  await page.getByLabel('Network', { exact: true }).fill(NO_NETWORK);
  await page.getByRole('tab', { name: 'Labels' }).click();
  await page.getByLabel('Labels').fill(TEST_LABEL);
  await expect(page.getByTestId('cli-command').last()).toContainText(`docker run -d --name ${name}`);
  await expect(page.getByTestId('cli-command').last()).toContainText(`--network ${NO_NETWORK}`);
  await page.getByTestId('create-submit').click();

  await expect(page.getByTestId('container-name')).toHaveText(name);
  expect((await engine.getContainer(name).inspect()).State.Running).toBe(true);

  await page.getByTestId('action-remove').click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel(/Force/).check();
  await expect(dialog.getByTestId('cli-command')).toHaveText(`docker rm -f ${name}`);
  await page.getByTestId('confirm-button').click();
  await expect(page).toHaveURL(/\/containers$/);
  await expect(engine.getContainer(name).inspect()).rejects.toMatchObject({ statusCode: 404 });
});

test('open an exec terminal and see the output of a command', async ({ page }) => {
  const name = uniqueName('image-term');
  created.push(name);
  const res = await api<{ id: string }>('/api/containers', {
    method: 'POST',
    json: { image: TEST_IMAGE, name, labels: [TEST_LABEL], command: ['sleep', '3600'], network: NO_NETWORK },
  });
  expect(res.status).toBe(201);
  const screen = await openTerminal(page, res.body.id);
  await page.locator('[data-testid="terminal"] .xterm-helper-textarea').focus();
  await page.keyboard.type('echo from-the-image-$((6*7))');
  await page.keyboard.press('Enter');
  await expect(screen).toContainText('from-the-image-42');
  await page.getByTestId('terminal-disconnect').click();
  await expect(page.getByTestId('terminal')).toHaveCount(0);
});

test('the image ships Docker Compose v2 in the CLI plugins folder, where Berth finds it', async () => {
  const { stdout } = await run('docker', ['exec', BERTH, IMAGE_COMPOSE, 'version']);
  expect(stdout).toMatch(/Docker Compose version v?2\./);
  const stacksList = await api<unknown[]>('/api/stacks');
  expect(stacksList.status).toBe(200);
});

test('a stack deployed through Berth runs on the host engine, and Berth takes it down', async () => {
  const name = `berth-test-stack-${Date.now().toString(36)}`;
  stacks.push(name);
  // berth.test=stack overrides the test image's berth.test=1, which other suites' clean-up removes; no network
  // (see NO_NETWORK).
  const compose = `services:
  one:
    image: ${TEST_IMAGE}
    command: ["sleep", "3600"]
    network_mode: none
    labels: ["berth.test.stack=1", "berth.test=stack"]
`;
  const made = await api<{ deployed: { ok: boolean; output: string[] } | null }>('/api/stacks', {
    method: 'POST',
    json: { name, compose },
  });
  expect(made.status, JSON.stringify(made.body)).toBe(201);
  expect(made.body.deployed?.ok, made.body.deployed?.output.join('\n')).toBe(true);
  // Compose ran in the container, against the mounted socket: the host's Compose sees the project running.
  expect(await composePs(name)).toEqual([expect.objectContaining({ Service: 'one', State: 'running' })]);
  // Its file is in the container's data volume, where `docker compose` by hand would find it too.
  const file = await run('docker', [
    'exec',
    BERTH,
    '/app/bin/busybox',
    'cat',
    `/data/stacks/${name}/compose.yaml`,
  ]);
  expect(file.stdout).toContain('berth.test.stack=1');

  const removed = await api<{ ok: boolean }>(`/api/stacks/${name}`, { method: 'DELETE' });
  expect(removed.status, JSON.stringify(removed.body)).toBe(200);
  expect(removed.body.ok).toBe(true);
  expect(await composePs(name)).toEqual([]);
  const left = await engine.listContainers({
    all: true,
    filters: JSON.stringify({ label: [`com.docker.compose.project=${name}`] }),
  });
  expect(left).toEqual([]);
});

test('restarting the Berth container keeps users, settings, sessions and the audit log', async () => {
  const username = uniqueName('keeper').slice(0, 40);
  const password = 'kept-across-restarts-2026';
  const user = await api('/api/users', { method: 'POST', json: { username, password, role: 'viewer' } });
  expect(user.status).toBe(201);
  const settings = await api<{ auditRetentionDays: number }>('/api/settings', {
    method: 'PUT',
    json: { auditRetentionDays: 91 },
  });
  expect(settings.body.auditRetentionDays).toBe(91);
  const startedBefore = (await engine.getContainer(BERTH).inspect()).State.StartedAt;

  await engine.getContainer(BERTH).restart();
  await waitFor(
    async () => (await engine.getContainer(BERTH).inspect()).State.StartedAt !== startedBefore,
    30_000,
  );
  await waitHealthy();

  // The admin session made before the restart still works: sessions live in the database too.
  expect((await api<{ auditRetentionDays: number }>('/api/settings')).body.auditRetentionDays).toBe(91);
  const users = await api<{ username: string; role: string }[]>('/api/users');
  expect(users.body).toContainEqual(expect.objectContaining({ username, role: 'viewer' }));
  expect((await login(username, password)).status).toBe(200);
  const audit = await api<{ action: string; target: string }[]>('/api/audit?action=user.create');
  expect(audit.body).toContainEqual(expect.objectContaining({ action: 'user.create', target: username }));
  const settingsAudit = await api<{ action: string }[]>('/api/audit?action=settings.update');
  expect(settingsAudit.body.length).toBeGreaterThan(0);
});

test('docker stop ends Berth within the grace period with exit code 0, also with a terminal open', async ({
  page,
}) => {
  const name = uniqueName('image-stop');
  created.push(name);
  const res = await api<{ id: string }>('/api/containers', {
    method: 'POST',
    json: { image: TEST_IMAGE, name, labels: [TEST_LABEL], command: ['sleep', '3600'], network: NO_NETWORK },
  });
  expect(res.status).toBe(201);
  await openTerminal(page, res.body.id);
  const processes = async () =>
    ((await engine.getContainer(name).top()) as { Processes: string[][] }).Processes.map((p) => p.join(' '));
  expect((await processes()).some((p) => /\bsh\b/.test(p))).toBe(true);

  const started = Date.now();
  await engine.getContainer(BERTH).stop({ t: 10 });
  const elapsed = Date.now() - started;
  const info = await engine.getContainer(BERTH).inspect();
  expect(info.State.Running).toBe(false);
  expect(info.State.ExitCode).toBe(0);
  // A SIGKILL at the end of the grace period would show as 10 s and exit code 137.
  expect(elapsed).toBeLessThan(9_000);
  const logs = (await engine.getContainer(BERTH).logs({ stdout: true, stderr: true, tail: 20 })).toString();
  expect(logs).toContain('SIGTERM: shutting down');
  // The exec session was ended, not left behind in the container: only `sleep` still runs there.
  await waitFor(async () => !(await processes()).some((p) => /\bsh\b/.test(p)), 5_000);
});
