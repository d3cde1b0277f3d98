import { execFileSync } from 'node:child_process';
import { expect, type Page, test } from '@playwright/test';
import { serviceCreateCommand, serviceScaleCommand, swarmFileCreateCommand } from '@/lib/swarm/cli';
import type { SwarmActionResult } from '@/lib/swarm/types';
import { BASE_URL } from '../support/api';

/**
 * The Swarm pages against the lead's 3-node test swarm (scripts/test-swarm.sh: manager s1 at 10.214.0.2, workers
 * s2, s3), added as an environment of its own; the local engine is no swarm manager. Everything this spec makes
 * carries its own label and is removed by it on the manager, with the docker CLI.
 */
const LABEL = 'berth.test.swarmui';
const MANAGER = 'tcp://10.214.0.2:2375';
const IMAGE = 'berth-test/busybox:latest';
const RUN = Math.random().toString(36).slice(2, 8);
const ENV = `swarmui-${RUN}`;
/** Berth refuses a session's changes without the page's Origin (CSRF). */
const headers = { origin: new URL(BASE_URL).origin };
const on = (path: string) => `${path}${path.includes('?') ? '&' : '?'}env=${ENV}`;

function docker(...args: string[]): string {
  return execFileSync('docker', ['-H', MANAGER, ...args], { encoding: 'utf8', timeout: 60_000 }).trim();
}

/** Services, then secrets (a secret in use cannot go), with this spec's label, on the manager. */
function removeOurs() {
  for (const kind of ['service', 'secret'] as const) {
    try {
      const ids = docker(kind, 'ls', '--quiet', '--filter', `label=${LABEL}=1`).split('\n').filter(Boolean);
      if (ids.length) docker(kind, 'rm', ...ids);
    } catch {
      // Nothing of ours, or the swarm is not up: the tests say which.
    }
  }
}

async function addEnvironment(page: Page) {
  const res = await page.request.post('/api/environments', {
    headers,
    data: { id: ENV, name: `Swarm ${RUN}`, address: MANAGER },
  });
  expect([201, 409], await res.text()).toContain(res.status());
}

test.beforeAll(removeOurs);
test.afterAll(removeOurs);
test.beforeEach(async ({ page }) => addEnvironment(page));
test.afterEach(async ({ page }) => {
  await page.request.delete(`/api/environments/${ENV}`, { headers }).catch(() => undefined);
});

test('the local engine is not a swarm manager: the page says so, with the command that makes one', async ({
  page,
}) => {
  await page.goto('/');
  await page
    .getByRole('navigation', { name: 'Main navigation' })
    .getByRole('link', { name: 'Swarm' })
    .click();
  await expect(page).toHaveURL(/\/swarm$/);
  await expect(page.getByRole('heading', { name: 'Swarm', level: 1 })).toBeVisible();
  const panel = page.getByTestId('swarm-not-manager');
  await expect(panel).toContainText('not part of a swarm');
  await expect(panel.getByTestId('cli-command')).toHaveText('docker swarm init');
  await expect(page.getByTestId('swarm-tabs')).toHaveCount(0);
});

test('nodes, and a service from the form: CLI line, replicas, scale, tasks, remove', async ({ page }) => {
  test.setTimeout(240_000);
  // The nav keeps the environment.
  await page.goto(on('/containers'));
  await page
    .getByRole('navigation', { name: 'Main navigation' })
    .getByRole('link', { name: 'Swarm' })
    .click();
  await expect(page).toHaveURL(new RegExp(`/swarm\\?env=${ENV}$`));
  await expect(page.getByTestId('swarm-overview-nodes')).toHaveText('3');
  await expect(page.getByTestId('swarm-overview-managers')).toHaveText('1');

  await page.getByTestId('swarm-tabs-nodes').click();
  await expect(page.getByTestId('swarm-node-row')).toHaveCount(3);
  // The test swarm's hostnames (berth-s1…), as the manager itself lists them.
  const hosts = docker('node', 'ls', '--format', '{{.Hostname}}').split('\n').sort();
  expect(hosts).toHaveLength(3);
  for (const host of hosts)
    await expect(page.locator(`[data-testid="swarm-node-row"][data-name="${host}"]`)).toBeVisible();
  const worker =
    docker('node', 'ls', '--filter', 'role=worker', '--format', '{{.Hostname}}').split('\n')[0] ?? '';
  // Drain shows its `docker node update` line and says the tasks move away; cancelled, nothing changes.
  await page
    .locator(`[data-testid="swarm-node-row"][data-name="${worker}"]`)
    .getByTestId('swarm-node-drain')
    .click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByTestId('cli-command')).toHaveText(
    `docker node update --availability drain ${worker}`,
  );
  await expect(dialog).toContainText('moved to other nodes');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.locator(`[data-testid="swarm-node-row"][data-name="${worker}"]`)).toHaveAttribute(
    'data-availability',
    'active',
  );

  // Create from the form.
  const name = `swarmui-sleep-${RUN}`;
  await page.getByTestId('swarm-tabs-services').click();
  await page.getByRole('link', { name: 'Create service' }).click();
  await expect(page).toHaveURL(new RegExp(`/swarm/services/new\\?env=${ENV}$`));
  const form = page.getByTestId('swarm-service-form');
  await form.getByLabel('Name', { exact: true }).fill(name);
  await form.getByLabel('Image', { exact: true }).fill(IMAGE);
  await form.getByLabel('Replicas', { exact: true }).fill('2');
  await form.getByLabel('Command', { exact: true }).fill('sleep 3600');
  await form.getByLabel('Labels', { exact: true }).fill(`${LABEL}=1`);
  await form.getByTestId('svc-noResolveImage').check();
  const command = serviceCreateCommand({
    name,
    image: IMAGE,
    replicas: 2,
    command: ['sleep', '3600'],
    labels: { [LABEL]: '1' },
    noResolveImage: true,
  });
  expect(command).toContain('--replicas 2');
  await expect(form.getByTestId('cli-command')).toHaveText(command);
  await form.getByTestId('swarm-service-submit').click();
  await expect(page).toHaveURL(new RegExp(`/swarm/services/[a-z0-9]+\\?env=${ENV}$`));
  await expect(page.getByTestId('swarm-service-name')).toHaveText(name);
  await expect(page.getByTestId('swarm-service-detail-replicas')).toHaveText('2/2', { timeout: 60_000 });

  // Scale to 3 from the UI.
  await page.getByTestId('swarm-service-scale').click();
  await page.getByTestId('swarm-scale-replicas').fill('3');
  await expect(page.getByRole('dialog').getByTestId('cli-command')).toHaveText(serviceScaleCommand(name, 3));
  await page.getByTestId('confirm-button').click();
  await expect(page.getByTestId('swarm-service-detail-replicas')).toHaveText('3/3', { timeout: 60_000 });
  expect(docker('service', 'inspect', name, '--format', '{{.Spec.Mode.Replicated.Replicas}}')).toBe('3');

  // Its tasks: three running, each on a node.
  await page.getByTestId('swarm-service-tabs-tasks').click();
  await expect(page.getByTestId('cli-command')).toHaveText(`docker service ps ${name}`);
  const running = page.locator(
    '[data-testid="swarm-task-row"][data-state="running"][data-desired="running"]',
  );
  await expect(running).toHaveCount(3, { timeout: 30_000 });

  // The services list shows it too.
  await page.goto(on('/swarm?tab=services'));
  const row = page.locator(`[data-testid="swarm-service-row"][data-name="${name}"]`);
  await expect(row.getByTestId('swarm-service-replicas')).toHaveText('3/3');

  // Remove it: the name must be typed first.
  await row.getByRole('link', { name }).click();
  await page.getByTestId('swarm-service-remove').click();
  const remove = page.getByRole('dialog');
  await expect(remove.getByTestId('cli-command')).toHaveText(`docker service rm ${name}`);
  await expect(page.getByTestId('confirm-button')).toBeDisabled();
  await page.getByTestId('swarm-remove-typed').fill(name);
  await page.getByTestId('confirm-button').click();
  await expect(page).toHaveURL(new RegExp(`/swarm\\?tab=services&env=${ENV}$`));
  await expect(row).toHaveCount(0);
  expect(docker('service', 'ls', '--quiet', '--filter', `name=${name}`)).toBe('');
});

test("a service's logs: lines of every task, each naming task@node", async ({ page }) => {
  test.setTimeout(180_000);
  const name = `swarmui-tick-${RUN}`;
  const created = await page.request.post(`/api/environments/${ENV}/swarm/services`, {
    headers,
    data: {
      name,
      image: IMAGE,
      replicas: 2,
      command: ['sh', '-c', 'while true; do echo tick-$(hostname); sleep 1; done'],
      labels: { [LABEL]: '1' },
      noResolveImage: true,
    },
  });
  expect(created.status(), await created.text()).toBe(201);
  const { id } = (await created.json()) as SwarmActionResult;

  await page.goto(on(`/swarm/services/${id}?tab=logs`));
  await expect(page.getByTestId('cli-command')).toHaveText(
    `docker service logs --follow --timestamps --tail 200 ${name}`,
  );
  await expect(page.getByTestId('log-status')).toHaveAttribute('data-status', 'live', { timeout: 30_000 });
  await expect(
    page
      .getByTestId('log-line')
      .filter({ hasText: /tick-\w+/ })
      .first(),
  ).toBeVisible({
    timeout: 60_000,
  });
  // Two tasks, so the viewer names each line's source: name.slot.id@node.
  await expect(page.getByTestId('swarm-logs-tasks')).toHaveText('2 tasks', { timeout: 60_000 });
  const source = page.getByTestId('log-source').first();
  await expect(source).toHaveText(new RegExp(`^${name}\\.\\d+\\.\\w+@berth-s[123]$`));
});

test('a secret: created with its CLI line, its value never shown, removed after a confirmation', async ({
  page,
}) => {
  const name = `swarmui-secret-${RUN}`;
  const value = `value-${RUN}-never-shown`;
  await page.goto(on('/swarm?tab=secrets'));
  await page.getByTestId('swarm-secret-new').click();
  const form = page.getByTestId('swarm-secret-form');
  await expect(form).toContainText('never shown again');
  await form.getByLabel('Name', { exact: true }).fill(name);
  await form.getByLabel('Value', { exact: true }).fill(value);
  await form.getByLabel('Labels', { exact: true }).fill(`${LABEL}=1`);
  await expect(form.getByTestId('cli-command')).toHaveText(
    swarmFileCreateCommand('secret', name, { [LABEL]: '1' }),
  );
  await form.getByTestId('swarm-secret-submit').click();
  await expect(form).toHaveCount(0);
  const row = page.locator(`[data-testid="swarm-secret-row"][data-name="${name}"]`);
  await expect(row).toBeVisible();
  await expect(page.getByText(value)).toHaveCount(0);
  expect(docker('secret', 'ls', '--quiet', '--filter', `name=${name}`)).not.toBe('');

  await row.getByTestId('swarm-secret-remove').click();
  await expect(page.getByRole('dialog').getByTestId('cli-command')).toHaveText(`docker secret rm ${name}`);
  await page.getByTestId('confirm-button').click();
  await expect(row).toHaveCount(0);
  expect(docker('secret', 'ls', '--quiet', '--filter', `name=${name}`)).toBe('');
});
