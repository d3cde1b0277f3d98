import { expect, test } from '@playwright/test';
import { api } from '../support/api';
import { removeTestContainers, TEST_IMAGE, TEST_LABEL, uniqueName } from '../support/engine';

test.afterAll(removeTestContainers);

test('open a terminal, type a command, see its output', async ({ page }) => {
  const name = uniqueName('ui-term');
  const created = await api<{ id: string }>('/api/containers', {
    method: 'POST',
    json: { image: TEST_IMAGE, name, labels: [TEST_LABEL], command: ['sleep', '3600'] },
  });
  expect(created.status).toBe(201);
  await page.goto(`/containers/${created.body.id}`);
  await page.getByRole('tab', { name: 'Terminal' }).click();
  await expect(page.getByTestId('cli-command').first()).toHaveText(`docker exec -it ${name} sh`);
  await page.getByTestId('terminal-connect').click();
  await expect(page.getByTestId('terminal-status')).toHaveAttribute('data-status', 'open');
  const screen = page.locator('[data-testid="terminal"] .xterm-rows');
  await expect(screen).toContainText('/ #');
  await page.locator('[data-testid="terminal"] .xterm-helper-textarea').focus();
  await page.keyboard.type('echo h""i-$((6*7))');
  await page.keyboard.press('Enter');
  await expect(screen).toContainText('hi-42');
  await page.getByTestId('terminal-disconnect').click();
  await expect(page.getByTestId('terminal')).toHaveCount(0);
});

test('Ctrl-C stops a flood of output and the shell answers again, with the last lines kept', async ({
  page,
}) => {
  const name = uniqueName('ui-term-flood');
  const created = await api<{ id: string }>('/api/containers', {
    method: 'POST',
    json: { image: TEST_IMAGE, name, labels: [TEST_LABEL], command: ['sleep', '3600'] },
  });
  expect(created.status).toBe(201);
  await page.goto(`/containers/${created.body.id}`);
  await page.getByRole('tab', { name: 'Terminal' }).click();
  await page.getByTestId('terminal-connect').click();
  const screen = page.locator('[data-testid="terminal"] .xterm-rows');
  await expect(screen).toContainText('/ #');
  await page.locator('[data-testid="terminal"] .xterm-helper-textarea').focus();
  // A flood of numbered lines: however much of it the terminal skips, it ends on the last ones.
  await page.keyboard.type('seq 1 200000');
  await page.keyboard.press('Enter');
  await expect(screen).toContainText('199999200000/ #', { timeout: 30_000 });
  await page.keyboard.type('yes');
  await page.keyboard.press('Enter');
  await page.waitForTimeout(2_000);
  await page.keyboard.press('Control+c');
  await page.keyboard.type('echo after-$((6*7))');
  await page.keyboard.press('Enter');
  await expect(screen).toContainText('after-42', { timeout: 10_000 });
});

test('attach to the main process, type into it, detach and the container keeps running', async ({ page }) => {
  const name = uniqueName('ui-attach');
  const created = await api<{ id: string }>('/api/containers', {
    method: 'POST',
    json: { image: TEST_IMAGE, name, labels: [TEST_LABEL], command: ['sh'], interactive: true, tty: true },
  });
  expect(created.status).toBe(201);
  await page.goto(`/containers/${created.body.id}`);
  await page.getByRole('tab', { name: 'Terminal' }).click();
  await page.getByTestId('terminal-mode-attach').click();
  await expect(page.getByTestId('cli-command').first()).toHaveText(`docker attach ${name}`);
  await page.getByTestId('terminal-connect').click();
  await expect(page.getByTestId('terminal-status')).toHaveAttribute('data-status', 'open');
  const screen = page.locator('[data-testid="terminal"] .xterm-rows');
  await page.locator('[data-testid="terminal"] .xterm-helper-textarea').focus();
  await page.keyboard.type('echo main-$((6*7))');
  await page.keyboard.press('Enter');
  await expect(screen).toContainText('main-42');
  await page.getByTestId('terminal-disconnect').click();
  await expect(page.getByTestId('terminal')).toHaveCount(0);
  await page.waitForTimeout(1_000);
  const after = await api<{ running: boolean }>(`/api/containers/${created.body.id}`);
  expect(after.body.running).toBe(true);
});
