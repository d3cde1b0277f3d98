import { expect, test } from '@playwright/test';
import { engine, uniqueName } from '../support/engine';
import { removeLabelled, sleeper } from '../support/labelled';

/*
 * Changing what runs from the browser (issue 15): docker update in place, edit and recreate, duplicate,
 * recreate with a newer image. Everything here is labelled berth.test.change=1 and only that is removed.
 */
const LABEL = 'berth.test.change=1';
const labels = { 'berth.test.change': '1' };

test.beforeAll(() => removeLabelled(LABEL));
test.afterAll(() => removeLabelled(LABEL));

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
