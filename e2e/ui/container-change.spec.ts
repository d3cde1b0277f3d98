import { expect, type Page, test } from '@playwright/test';
import { engine, TEST_IMAGE, uniqueName, waitFor } from '../support/engine';
import { buildTestImage, pushWithEngine, REGISTRY, removeImageQuietly, uniqueTag } from '../support/images';
import { removeLabelled, sleeper } from '../support/labelled';

/*
 * Changing what runs from the browser (issue 15): docker update in place, edit and recreate, duplicate,
 * recreate with a newer image. Everything here is labelled berth.test.change=1 and only that is removed.
 */
const LABEL = 'berth.test.change=1';
const labels = { 'berth.test.change': '1' };

test.beforeAll(() => removeLabelled(LABEL));
const images: string[] = [];
const manifests: { repository: string; digest: string }[] = [];
test.afterAll(async () => {
  await removeLabelled(LABEL);
  for (const ref of images) await removeImageQuietly(ref);
  for (const { repository, digest } of manifests)
    await fetch(`http://${REGISTRY}/v2/${repository}/manifests/${digest}`, { method: 'DELETE' }).catch(
      () => {},
    );
});

const tab = (page: Page, name: string) => page.getByRole('tab', { name });

/** A running container the tests change: a named volume, env, a label, a restart policy; no network. */
async function original(name: string, image = TEST_IMAGE): Promise<string> {
  const volume = `${name}-data`;
  await engine.createVolume({ Name: volume, Labels: labels });
  const container = await engine.createContainer({
    Image: image,
    name,
    Cmd: ['sleep', '3600'],
    Env: ['MODE=first', 'KEEP=yes'],
    Labels: { 'berth.test': '1', ...labels, team: 'web' },
    HostConfig: {
      NetworkMode: 'none',
      Binds: [`${volume}:/data`],
      RestartPolicy: { Name: 'unless-stopped', MaximumRetryCount: 0 },
    },
  });
  await container.start();
  await container.exec({ Cmd: ['sh', '-c', 'echo kept > /data/file'] }).then((e) => e.start({}));
  return container.id;
}

test('docker update changes the restart policy and memory in place, showing the command', async ({
  page,
}) => {
  const name = uniqueName('upd');
  // No network: a new veth while the page loads makes Chromium abort it.
  const id = await sleeper(name, labels, { NetworkMode: 'none', Memory: 32 * 1024 ** 2 });
  await page.goto(`/containers/${id}`);
  await page.getByTestId('action-update').click();
  const dialog = page.getByTestId('update-dialog');
  await expect(dialog.getByLabel('Memory limit')).toHaveValue('32m');
  await expect(dialog.getByLabel('Restart policy')).toHaveValue('no');
  const command = page.getByRole('dialog').getByTestId('cli-command');
  await expect(command).toHaveText('Change a value to update');

  // A value the CLI would refuse is named beside its field, and nothing changes.
  await dialog.getByLabel('Memory limit').fill('3k');
  await page.getByRole('dialog').getByTestId('confirm-button').click();
  await expect(page.getByTestId('error-update-memory')).toContainText('too little memory');
  expect((await engine.getContainer(id).inspect()).HostConfig.Memory).toBe(32 * 1024 ** 2);

  await dialog.getByLabel('Memory limit').fill('64m');
  await dialog.getByLabel('Restart policy').fill('unless-stopped');
  await expect(command).toHaveText(`docker update --restart unless-stopped --memory 64m ${name}`);
  await page.getByRole('dialog').getByTestId('confirm-button').click();
  await expect(page.getByTestId('update-dialog')).toBeHidden();
  const after = await engine.getContainer(id).inspect();
  expect(after.Id).toBe(id);
  expect(after.HostConfig.Memory).toBe(64 * 1024 ** 2);
  expect(after.HostConfig.RestartPolicy?.Name).toBe('unless-stopped');
  expect(after.State.Running).toBe(true);
});

test('edit: the form opens with the container settings, saving recreates it under its name with the change', async ({
  page,
}) => {
  const name = uniqueName('edit');
  const id = await original(name);
  await page.goto(`/containers/${id}`);
  await page.getByTestId('action-edit').click();
  await expect(page.getByTestId('edit-title')).toContainText(name);
  // The settings read back: name (read-only), env, restart policy, volume.
  await expect(page.getByLabel('Name', { exact: true })).toHaveValue(name);
  await expect(page.getByLabel('Name', { exact: true })).not.toBeEditable();
  await tab(page, 'Env').click();
  await expect(page.getByLabel('Environment variables')).toHaveValue('MODE=first\nKEEP=yes');
  await page.getByLabel('Environment variables').fill('MODE=second\nKEEP=yes');
  await expect(page.getByTestId('cli-command').last()).toContainText('-e MODE=second');
  await page.getByTestId('create-submit').click();

  // A new container under the same name, on its page; the old one is gone; the rest kept, the file too.
  await expect(page).not.toHaveURL(new RegExp(`/containers/${id}`), { timeout: 30_000 });
  await expect(page.getByTestId('container-name')).toHaveText(name);
  const now = await engine.getContainer(name).inspect();
  expect(now.Id).not.toBe(id);
  expect(now.State.Running).toBe(true);
  expect(now.Config.Env).toEqual(expect.arrayContaining(['MODE=second', 'KEEP=yes']));
  expect(now.HostConfig.RestartPolicy?.Name).toBe('unless-stopped');
  expect(now.HostConfig.Binds).toEqual([`${name}-data:/data`]);
  expect(now.Config.Labels?.team).toBe('web');
  await expect(engine.getContainer(id).inspect()).rejects.toThrow();
  const read = await (
    await engine.getContainer(name).exec({ Cmd: ['cat', '/data/file'], AttachStdout: true })
  ).start({});
  let out = '';
  for await (const chunk of read) out += chunk.toString();
  expect(out).toContain('kept');
});

test('duplicate: the form starts from the container under a -copy name and creates a second one', async ({
  page,
}) => {
  const name = uniqueName('dup');
  const id = await original(name);
  await page.goto(`/containers/${id}`);
  await page.getByTestId('action-duplicate').click();
  await expect(page.getByLabel('Name', { exact: true })).toHaveValue(`${name}-copy`);
  await expect(page.getByTestId('cli-command').last()).toContainText(`--name ${name}-copy`);
  await page.getByTestId('create-submit').click();
  await expect(page.getByTestId('container-name')).toHaveText(`${name}-copy`);
  const copy = await engine.getContainer(`${name}-copy`).inspect();
  const first = await engine.getContainer(id).inspect();
  expect(first.State.Running).toBe(true);
  expect(copy.Config.Env).toEqual(first.Config.Env);
  expect(copy.Config.Cmd).toEqual(first.Config.Cmd);
  expect(copy.HostConfig.Binds).toEqual(first.HostConfig.Binds);
  expect(copy.HostConfig.RestartPolicy).toEqual(first.HostConfig.RestartPolicy);
});

test('update available: a badge after Check for updates, then pull and recreate from the list', async ({
  page,
}) => {
  const repository = `berth-change-test-${uniqueTag('ui')}`;
  const ref = `${REGISTRY}/${repository}:1`;
  const next = `${repository}-next:1`;
  images.push(ref, next);
  const firstId = await buildTestImage(ref);
  images.push(firstId);
  await pushWithEngine(ref);
  const digestOf = async (image: string) =>
    (
      (await engine.getImage(image).inspect()).RepoDigests.find((d) =>
        d.startsWith(`${REGISTRY}/${repository}@`),
      ) ?? ''
    ).split('@')[1] ?? '';
  manifests.push({ repository, digest: await digestOf(ref) });
  const name = uniqueName('pull');
  const id = await original(name, ref);
  // Other content under the same tag in the registry; locally the tag stays on the first image.
  const nextId = await buildTestImage(next);
  images.push(nextId);
  await engine.getImage(next).tag({ repo: `${REGISTRY}/${repository}`, tag: '1' });
  await pushWithEngine(ref);
  manifests.push({ repository, digest: await digestOf(next) });
  await engine.getImage(firstId).tag({ repo: `${REGISTRY}/${repository}`, tag: '1' });

  await page.goto('/images');
  await page.getByRole('button', { name: 'Check for updates' }).click();
  await expect(page.getByText(/update(s)? available/).first()).toBeVisible({ timeout: 30_000 });
  await page.goto('/containers');
  const row = page.locator(`[data-testid="container-row"][data-name="${name}"]`);
  await expect(row.getByTestId('update-badge')).toHaveAttribute('data-status', 'available');

  await row.getByRole('checkbox').check();
  await page.getByTestId('bulk-recreate').click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByTestId('cli-command')).toContainText(`docker pull ${ref}`);
  await dialog.getByTestId('confirm-button').click();
  // The pull, then the recreate: the container under its name runs the registry's new content.
  const now = await waitFor(async () => {
    const c = await engine
      .getContainer(name)
      .inspect()
      .catch(() => null);
    return c && c.Id !== id && c.State.Running ? c : undefined;
  }, 60_000);
  expect(now.Image).toBe(nextId);
  expect(now.Config.Env).toEqual(expect.arrayContaining(['MODE=first', 'KEEP=yes']));
  await expect(row.getByTestId('update-badge')).toHaveCount(0, { timeout: 15_000 });
});

test('edit that cannot run: the error says so and the old container is back, same id, running', async ({
  page,
}) => {
  const name = uniqueName('rollback');
  const id = await original(name);
  await page.goto(`/containers/${id}/edit`);
  await expect(page.getByTestId('edit-title')).toContainText(name);
  await page.getByLabel('Command', { exact: true }).fill('/no/such/binary');
  await page.getByTestId('create-submit').click();
  await expect(page.getByText(/old container was restored/).first()).toBeVisible({ timeout: 30_000 });
  const back = await engine.getContainer(name).inspect();
  expect(back.Id).toBe(id);
  expect(back.State.Running).toBe(true);
  const aside = await engine.listContainers({
    all: true,
    filters: JSON.stringify({ name: [`${name}-berth-old`] }),
  });
  expect(aside).toEqual([]);
});

test('recreate from the container page shows the CLI steps and replaces it under its name', async ({
  page,
}) => {
  const name = uniqueName('again');
  const id = await original(name);
  await page.goto(`/containers/${id}`);
  await page.getByTestId('action-recreate').click();
  const command = page.getByRole('dialog').getByTestId('cli-command');
  await expect(command).toContainText(`docker stop ${name} && docker rename ${name} ${name}-berth-old-`);
  await expect(command).toContainText(`--name ${name}`);
  await page.getByRole('dialog').getByTestId('confirm-button').click();
  await expect(page).not.toHaveURL(new RegExp(`/containers/${id}`), { timeout: 30_000 });
  const now = await engine.getContainer(name).inspect();
  expect(now.Id).not.toBe(id);
  expect(now.State.Running).toBe(true);
  expect(now.Config.Env).toEqual(expect.arrayContaining(['MODE=first', 'KEEP=yes']));
});
