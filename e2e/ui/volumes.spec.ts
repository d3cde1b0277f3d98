import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { engine, uniqueName, waitFor } from '../support/engine';
import { removeLabelled, sleeper, volumeExists } from '../support/labelled';

const RUN = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
const RUN_LABEL = `berth.test.run=${RUN}`;

test.beforeAll(() => removeLabelled(RUN_LABEL));
test.afterAll(() => removeLabelled(RUN_LABEL));

test('create a volume, see it used, refused while in use, browse its files, then remove it', async ({
  page,
}) => {
  const name = uniqueName('uivol');
  await page.goto('/volumes/new');
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByLabel('Labels').fill(`berth.test=1\n${RUN_LABEL}`);
  await expect(page.getByTestId('cli-command')).toHaveText(
    `docker volume create --label berth.test=1 --label ${RUN_LABEL} ${name}`,
  );
  await page.getByTestId('volume-create-submit').click();

  await expect(page.getByTestId('volume-name')).toHaveText(name);
  expect((await engine.getVolume(name).inspect()).Labels).toMatchObject({ 'berth.test.run': RUN });

  // No container mounts it: the Files tab says so and shows the CLI way.
  await page.getByRole('tab', { name: 'Files' }).click();
  await expect(page.getByTestId('volume-files-unmounted')).toContainText('No container mounts this volume');
  await expect(page.getByTestId('volume-files-unmounted').getByTestId('cli-command')).toHaveText(
    `docker run --rm -it -v ${name}:/data -w /data busybox sh`,
  );

  // The list follows engine events: a container that mounts the volume appears without a reload.
  await page.goto('/volumes');
  // Searched for: the list is virtualized, and the engine may hold more volumes than one screen shows.
  await page.getByRole('searchbox').fill(name);
  const row = page.locator(`[data-testid="volume-row"][data-name="${name}"]`);
  await expect(row).toHaveAttribute('data-containers', '0');
  const holder = uniqueName('uiholder');
  const holderId = await sleeper(holder, { 'berth.test.run': RUN }, { Binds: [`${name}:/data`] });
  await expect(row).toHaveAttribute('data-containers', '1');
  await expect(row).toContainText(holder);

  // Removing it while in use: the dialog warns, the engine refuses, the error names the container.
  await row.getByRole('link', { name }).click();
  await expect(page.getByTestId('volume-name')).toHaveText(name);
  await page.getByTestId('volume-remove').click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByTestId('cli-command')).toHaveText(`docker volume rm ${name}`);
  await expect(dialog.getByTestId('volume-in-use')).toContainText(holder);
  await dialog.getByTestId('confirm-button').click();
  await expect(page.getByText(`is in use by container ${holder}`)).toBeVisible();
  expect(await volumeExists(name)).toBe(true);

  // Files, through the container that mounts it: upload, see it, find it in the container.
  await page.getByRole('tab', { name: 'Files' }).click();
  await expect(page.getByTestId('volume-files-through')).toContainText(holder);
  const local = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'berth-e2e-')), 'note.txt');
  fs.writeFileSync(local, 'kept in a volume\n');
  await page.getByTestId('files-upload-input').setInputFiles(local);
  await expect(page.locator('[data-testid="file-row"][data-name="note.txt"]')).toBeVisible();
  const exec = await engine
    .getContainer(holderId)
    .exec({ Cmd: ['cat', '/data/note.txt'], AttachStdout: true });
  const stream = await exec.start({});
  const output = await new Promise<string>((resolve) => {
    let text = '';
    stream.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
    stream.on('end', () => resolve(text));
  });
  expect(output).toContain('kept in a volume');

  // Once the container is gone, the removal goes through and the list forgets the volume.
  await engine.getContainer(holderId).remove({ force: true });
  await page.getByTestId('volume-remove').click();
  await expect(page.getByRole('dialog').getByTestId('volume-in-use')).toHaveCount(0);
  await page.getByRole('dialog').getByTestId('confirm-button').click();
  await expect(page).toHaveURL(/\/volumes$/);
  await waitFor(async () => !(await volumeExists(name)));
  await expect(page.locator(`[data-testid="volume-row"][data-name="${name}"]`)).toHaveCount(0);
});

test('prune shows what would go and removes exactly that', async ({ page }) => {
  const label = `berth.test.uiprune=${RUN}`;
  const doomed = [uniqueName('uiprune-a'), uniqueName('uiprune-b')];
  for (const name of doomed)
    await engine.createVolume({
      Name: name,
      Labels: { 'berth.test': '1', 'berth.test.run': RUN, 'berth.test.uiprune': RUN },
    });
  const kept = uniqueName('uiprune-kept');
  await engine.createVolume({ Name: kept, Labels: { 'berth.test': '1', 'berth.test.run': RUN } });

  await page.goto('/volumes');
  await page.getByTestId('volumes-prune').click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Named volumes too').check();
  await dialog.getByLabel('Only with label').fill(label);
  await expect(dialog.getByTestId('prune-item')).toHaveCount(2);
  for (const name of doomed)
    await expect(dialog.locator(`[data-testid="prune-item"][data-name="${name}"]`)).toBeVisible();
  await expect(dialog.getByTestId('cli-command')).toHaveText(
    `docker volume prune -f --all --filter label=${label}`,
  );
  await dialog.getByTestId('confirm-button').click();
  await expect(dialog).toBeHidden();
  for (const name of doomed) expect(await volumeExists(name)).toBe(false);
  expect(await volumeExists(kept)).toBe(true);
});
