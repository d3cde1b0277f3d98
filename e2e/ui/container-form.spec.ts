import { expect, type Page, test } from '@playwright/test';
import { engine, TEST_IMAGE, uniqueName } from '../support/engine';
import { removeLabelled } from '../support/labelled';

/** The create form's tabs (issue 15): every `docker run` option visible, editable and in the CLI line. */

const LABEL = 'berth.test.form=1';

test.beforeAll(() => removeLabelled(LABEL));
test.afterAll(() => removeLabelled(LABEL));

const tab = (page: Page, name: string) => page.getByRole('tab', { name });
const cli = (page: Page) => page.getByTestId('cli-command').last();

async function openTab(page: Page, name: string) {
  await tab(page, name).click();
  await expect(tab(page, name)).toHaveAttribute('aria-selected', 'true');
}

test('options from several tabs reach the CLI line as they are typed, then the engine', async ({ page }) => {
  const name = uniqueName('form');
  await page.goto('/containers/new');
  await page.getByLabel('Image', { exact: true }).fill(TEST_IMAGE);
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByLabel('Command', { exact: true }).fill('sleep 3600');

  // The page load that follows creation must not see a new veth (Chromium aborts it): no network.
  await openTab(page, 'Network');
  await page.getByLabel('Network', { exact: true }).fill('none');

  await openTab(page, 'Volumes');
  await page.getByLabel('tmpfs mounts').fill('/scratch:rw,size=16m');
  await expect(cli(page)).toContainText('--tmpfs /scratch:rw,size=16m');

  await openTab(page, 'Labels');
  await page.getByLabel('Labels').fill(LABEL);

  await openTab(page, 'Restart');
  await page.getByLabel('Health check command').fill('true');
  await expect(cli(page)).toContainText('--health-cmd true');
  await page.getByLabel('Retries', { exact: true }).fill('2');
  await page.getByLabel('Init process').selectOption('on');

  await openTab(page, 'Runtime & resources');
  await page.getByLabel('Memory reservation').fill('64m');
  await page.getByLabel('Ulimits').fill('nofile=1024:2048');
  // Live: each keystroke shows in the command, not only after leaving the field.
  await page.getByLabel('Process limit').pressSequentially('42');
  await expect(cli(page)).toContainText('--pids-limit 42');

  await openTab(page, 'Capabilities & security');
  await page.getByTestId('caps-capAdd').getByLabel('NET_ADMIN').check();
  await expect(page.getByLabel('Add capabilities', { exact: true })).toHaveValue('NET_ADMIN');
  await page.getByLabel('Add capabilities', { exact: true }).press('End');
  await page.getByLabel('Add capabilities', { exact: true }).pressSequentially('\nSYS_TIME');
  await expect(page.getByTestId('caps-capAdd').getByLabel('SYS_TIME')).toBeChecked();

  const line = cli(page);
  for (const part of [
    `docker run -d --name ${name}`,
    '--network none',
    `--label ${LABEL}`,
    '--cap-add NET_ADMIN --cap-add SYS_TIME',
    '--tmpfs /scratch:rw,size=16m',
    '--ulimit nofile=1024:2048',
    '--health-cmd true',
    '--health-retries 2',
    '--init',
    '--memory-reservation 64m',
    '--pids-limit 42',
  ])
    await expect(line).toContainText(part);
  // The badges count what each tab sets.
  await expect(page.getByTestId('form-tab-security')).toHaveAttribute('data-count', '2');
  await expect(page.getByTestId('form-tab-runtime')).toHaveAttribute('data-count', '3');
  await expect(page.getByTestId('form-tab-restart')).toHaveAttribute('data-count', '3');

  await page.getByTestId('create-submit').click();
  await expect(page.getByTestId('container-name')).toHaveText(name);

  const info = await engine.getContainer(name).inspect();
  expect(info.State.Running).toBe(true);
  expect(info.HostConfig.NetworkMode).toBe('none');
  expect((info.HostConfig.CapAdd ?? []).map((c: string) => c.replace(/^CAP_/, '')).sort()).toEqual([
    'NET_ADMIN',
    'SYS_TIME',
  ]);
  expect(info.HostConfig.Tmpfs).toEqual({ '/scratch': 'rw,size=16m' });
  expect(info.HostConfig.Ulimits).toEqual([{ Name: 'nofile', Soft: 1024, Hard: 2048 }]);
  expect(info.HostConfig.MemoryReservation).toBe(64 * 1024 * 1024);
  expect(info.HostConfig.PidsLimit).toBe(42);
  expect(info.HostConfig.Init).toBe(true);
  expect(info.Config.Healthcheck).toMatchObject({ Test: ['CMD-SHELL', 'true'], Retries: 2 });
  expect(info.Config.Labels).toMatchObject({ 'berth.test.form': '1' });
});

test('a pasted docker run line with many options lands in the right tabs', async ({ page }) => {
  await page.goto('/containers/new');
  await page
    .getByLabel(/Paste a docker run command/)
    .fill(
      'docker run -d --name pasted --network none --hostname box --add-host db.local:10.0.0.5 ' +
        '--tmpfs /run --volumes-from other:ro -e A=1 -e B=2 -l team=web ' +
        '--restart on-failure:3 --stop-signal SIGINT --init=false --health-cmd "echo ok" --health-interval 10s ' +
        '--memory-reservation 32m --shm-size 32m --ulimit nproc=512 --log-driver json-file --log-opt max-size=1m ' +
        '--cap-add SYS_TIME --cap-drop MKNOD --read-only --sysctl net.core.somaxconn=1024 --pid host ' +
        `--platform linux/amd64 ${TEST_IMAGE} sleep 1`,
    );
  await page.getByRole('button', { name: 'Fill the form' }).click();

  await expect(page.getByLabel('Platform')).toHaveValue('linux/amd64');
  await expect(page.getByLabel('Command', { exact: true })).toHaveValue('sleep 1');
  const counts: Record<string, string> = {
    general: '4', // image, name, command, platform
    network: '3',
    volumes: '2',
    env: '2',
    labels: '1',
    restart: '5',
    runtime: '5',
    security: '5',
  };
  for (const [key, count] of Object.entries(counts))
    await expect(page.getByTestId(`form-tab-${key}`)).toHaveAttribute('data-count', count);

  await openTab(page, 'Network');
  await expect(page.getByLabel('Network', { exact: true })).toHaveValue('none');
  await expect(page.getByLabel('Hostname')).toHaveValue('box');
  await expect(page.getByLabel('Extra hosts')).toHaveValue('db.local:10.0.0.5');

  await openTab(page, 'Volumes');
  await expect(page.getByLabel('tmpfs mounts')).toHaveValue('/run');
  await expect(page.getByLabel('Volumes from containers')).toHaveValue('other:ro');

  await openTab(page, 'Env');
  await expect(page.getByLabel('Environment variables')).toHaveValue('A=1\nB=2');

  await openTab(page, 'Restart');
  await expect(page.locator('#f-restart')).toHaveValue('on-failure');
  await expect(page.getByLabel('Max retries')).toHaveValue('3');
  await expect(page.getByLabel('Stop signal')).toHaveValue('SIGINT');
  await expect(page.getByLabel('Init process')).toHaveValue('off');
  await expect(page.getByLabel('Health check command')).toHaveValue('echo ok');
  await expect(page.getByLabel('Interval', { exact: true })).toHaveValue('10s');

  await openTab(page, 'Runtime & resources');
  await expect(page.getByLabel('Memory reservation')).toHaveValue('32m');
  await expect(page.getByLabel('/dev/shm size')).toHaveValue('32m');
  await expect(page.getByLabel('Ulimits')).toHaveValue('nproc=512');
  await expect(page.getByLabel('Log driver')).toHaveValue('json-file');
  await expect(page.getByLabel('Log options')).toHaveValue('max-size=1m');

  await openTab(page, 'Capabilities & security');
  await expect(page.getByTestId('caps-capAdd').getByLabel('SYS_TIME')).toBeChecked();
  await expect(page.getByTestId('caps-capDrop').getByLabel('MKNOD')).toBeChecked();
  await expect(page.getByTestId('caps-capDrop').getByLabel('CHOWN')).not.toBeChecked();
  await expect(page.getByLabel('Read-only root filesystem')).toBeChecked();
  await expect(page.getByLabel('Kernel parameters (sysctl)')).toHaveValue('net.core.somaxconn=1024');
  await expect(page.getByLabel('PID namespace')).toHaveValue('host');

  // The command renders back what was pasted (as the CLI would read it).
  for (const part of [
    '--init=false',
    '--restart on-failure:3',
    '--volumes-from other:ro',
    '--cap-drop MKNOD',
  ])
    await expect(cli(page)).toContainText(part);

  // Arrow keys move between tabs.
  await tab(page, 'Capabilities & security').press('Home');
  await expect(tab(page, 'General')).toHaveAttribute('aria-selected', 'true');
  await expect(tab(page, 'General')).toBeFocused();
  await page.keyboard.press('ArrowRight');
  await expect(tab(page, 'Network')).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  await expect(tab(page, 'Capabilities & security')).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByLabel('PID namespace')).toBeVisible();
});

test('a bad value shows its error in its tab, which opens; nothing is created', async ({ page }) => {
  const name = uniqueName('form-bad');
  await page.goto('/containers/new');
  await page.getByLabel('Image', { exact: true }).fill(TEST_IMAGE);
  await page.getByLabel('Name', { exact: true }).fill(name);
  await openTab(page, 'Labels');
  await page.getByLabel('Labels').fill(LABEL);
  await openTab(page, 'Runtime & resources');
  await page.getByLabel('Ulimits').fill('nproc=512\nnofile=abc');
  await openTab(page, 'General');

  await page.getByTestId('create-submit').click();
  await expect(tab(page, 'Runtime & resources')).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('error-ulimits')).toBeVisible();
  await expect(page.getByTestId('error-ulimits')).toContainText('#2');
  await expect(page.getByTestId('error-ulimits')).toContainText('nofile=abc');
  await expect(page.getByTestId('form-tab-error-runtime')).toBeVisible();
  await expect(page.getByTestId('form-tab-error-general')).toHaveCount(0);
  await expect(page).toHaveURL(/\/containers\/new$/);

  // Fixing the field clears its error and the tab's dot.
  await page.getByLabel('Ulimits').fill('nproc=512');
  await expect(page.getByTestId('error-ulimits')).toHaveCount(0);
  await expect(page.getByTestId('form-tab-error-runtime')).toHaveCount(0);
  await expect(engine.getContainer(name).inspect()).rejects.toMatchObject({ statusCode: 404 });

  // A pasted line's bad values are marked on their tabs at once.
  await page.getByLabel(/Paste a docker run command/).fill(`docker run --ulimit nofile=abc ${TEST_IMAGE}`);
  await page.getByRole('button', { name: 'Fill the form' }).click();
  await expect(page.getByTestId('form-tab-error-runtime')).toBeVisible();
  await expect(page.getByTestId('error-ulimits')).toContainText('nofile=abc');
});

test("a field error from the server opens the field's tab", async ({ page }) => {
  // A server that refuses what this page accepts (an older or stricter one): its 400 names the field.
  await page.route('**/api/containers', async (route) => {
    if (route.request().method() !== 'POST') return route.fallback();
    await route.fulfill({
      status: 400,
      contentType: 'application/json',
      body: JSON.stringify({
        error: {
          message: 'Invalid request',
          code: 'bad_request',
          status: 400,
          fields: [{ path: 'body.tmpfs.0', message: 'refused by the server' }],
        },
      }),
    });
  });
  await page.goto('/containers/new');
  await page.getByLabel('Image', { exact: true }).fill(TEST_IMAGE);
  await openTab(page, 'Volumes');
  await page.getByLabel('tmpfs mounts').fill('/run');
  await openTab(page, 'Env');
  await page.getByTestId('create-submit').click();
  await expect(tab(page, 'Volumes')).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('error-tmpfs')).toContainText('#1: refused by the server');
  await expect(page.getByTestId('form-tab-error-volumes')).toBeVisible();
});
