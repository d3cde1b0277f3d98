import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import type { RegistryView } from '@/lib/registries/types';
import { api } from '../support/api';
import { engine, TEST_IMAGE } from '../support/engine';
import {
  buildTestImage,
  imageExists,
  pushWithEngine,
  REGISTRY,
  removeImageQuietly,
  uniqueTag,
} from '../support/images';

/** Images are named berth-test/… or 127.0.0.1:5400/berth-test/…, and removed at the end. */
const RUN = uniqueTag('ui');
const made: string[] = [];
const registries: number[] = [];

test.afterAll(async () => {
  for (const ref of made) await removeImageQuietly(ref);
  for (const id of registries) await api(`/api/registries/${id}`, { method: 'DELETE' });
  expect(await imageExists(TEST_IMAGE)).toBe(true);
});

test('pull from the local registry with per-layer and overall progress', async ({ page }) => {
  const ref = `${REGISTRY}/berth-test/${RUN}:pull`;
  made.push(ref);
  const id = await buildTestImage(ref, { extraBytes: 8_000_000 });
  await pushWithEngine(ref);
  await engine.getImage(ref).remove({ force: true });

  await page.goto('/images');
  await page.getByLabel('Pull an image').fill(ref);
  await expect(page.getByText(`Pulls ${ref}`)).toBeVisible();
  await expect(page.getByTestId('cli-command').filter({ hasText: `docker pull ${ref}` })).toBeVisible();
  await page.getByRole('button', { name: 'Pull', exact: true }).click();

  const card = page.locator(`[data-testid="transfer"][data-reference="${ref}"]`);
  await expect(card).toBeVisible();
  await expect(card.getByRole('progressbar', { name: 'Overall progress' })).toBeVisible();
  await expect(card).toHaveAttribute('data-state', 'done', { timeout: 30_000 });
  await expect(card.getByRole('progressbar', { name: 'Overall progress' })).toHaveAttribute(
    'aria-valuenow',
    '100',
  );
  // One bar per layer: the test image's layer already existed, the others were downloaded.
  expect(await card.getByTestId('layer-progress').count()).toBeGreaterThanOrEqual(2);
  await expect(card.getByText('Already exists')).toBeVisible();
  await expect(card).toContainText('Downloaded newer image');

  await expect(page.locator(`[data-testid="image-row"][data-id="${id}"]`)).toBeVisible();
  expect((await engine.getImage(ref).inspect()).Id).toBe(id);
});

test('a bad reference is refused as it is typed', async ({ page }) => {
  await page.goto('/images');
  await page.getByLabel('Pull an image').fill('Not/Lower');
  await expect(page.getByTestId('pull-error')).toContainText('lowercase');
});

test('build from a Dockerfile written in the editor', async ({ page }) => {
  const ref = `berth-test/${RUN}:built`;
  made.push(ref);
  await page.goto('/images/build');
  const editor = page.getByTestId('dockerfile-editor');
  await editor.click();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(
    `FROM ${TEST_IMAGE}\nRUN echo built-by-playwright > /pw\nLABEL berth.test=1\n`,
  );
  await page.getByLabel('Tags (space or comma separated)').fill(ref);
  await expect(page.getByTestId('cli-command')).toContainText(`docker build -t ${ref} .`);
  await page.getByTestId('build-start').click();
  await expect(page.getByTestId('build-status')).toContainText('Built', { timeout: 60_000 });
  await expect(page.getByTestId('build-log')).toContainText('Step 2/3 : RUN echo built-by-playwright');
  const info = await engine.getImage(ref).inspect();
  expect(info.Config.Labels?.['berth.test']).toBe('1');

  // A failing step is pointed at in the editor.
  await editor.click();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(`FROM ${TEST_IMAGE}\nRUN exit 7\n`);
  await page.getByLabel('Tags (space or comma separated)').fill(`berth-test/${RUN}:broken`);
  await page.getByTestId('build-start').click();
  await expect(page.getByTestId('build-error')).toContainText(
    'Step 2/2 failed: RUN exit 7 (Dockerfile line 2)',
    {
      timeout: 60_000,
    },
  );
  await expect(page.locator('.cm-berth-error-line')).toContainText('RUN exit 7');
  expect(await imageExists(`berth-test/${RUN}:broken`)).toBe(false);
});

test('save an image to a tar and load it back: same image id', async ({ page }) => {
  const ref = `berth-test/${RUN}:saved`;
  made.push(ref);
  const id = await buildTestImage(ref);
  await page.goto('/images');
  await page.getByPlaceholder('Search tags or id').fill(ref);
  const row = page.locator(`[data-testid="image-row"][data-id="${id}"]`);
  await row.getByRole('checkbox').check();
  const download = page.waitForEvent('download');
  await page.getByTestId('save-images').click();
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'berth-e2e-')), 'saved.tar');
  await (await download).saveAs(file);
  expect(fs.statSync(file).size).toBeGreaterThan(1024);

  await engine.getImage(ref).remove({ force: true });
  await expect(row).toHaveCount(0);

  await page.getByRole('button', { name: 'Load…' }).click();
  await page.getByTestId('load-file').setInputFiles(file);
  await expect(page.getByTestId('cli-command').filter({ hasText: 'docker load -i saved.tar' })).toBeVisible();
  await page.getByTestId('confirm-button').click();
  await expect(page.getByText(`Loaded ${ref}`)).toBeVisible();
  await expect(row).toBeVisible();
  expect((await engine.getImage(ref).inspect()).Id).toBe(id);
});

test('push to the local registry and browse it', async ({ page }) => {
  const repo = `berth-test/${RUN}`;
  const ref = `${REGISTRY}/${repo}:ui`;
  made.push(ref);
  const id = await buildTestImage(ref);
  await page.goto(`/images/${id.replace('sha256:', '')}`);
  await page.getByTestId(`push-${ref}`).click();
  const card = page.locator(`[data-testid="transfer"][data-reference="${ref}"]`);
  await expect(card).toHaveAttribute('data-state', 'done', { timeout: 30_000 });
  await expect(card).toContainText(`docker push ${ref}`);

  const created = await api<RegistryView>('/api/registries', {
    method: 'POST',
    json: { name: `local-${RUN}`, url: `http://${REGISTRY}` },
  });
  expect(created.status).toBe(201);
  registries.push(created.body.id);
  await page.goto('/registries');
  const entry = page.locator(`[data-testid="registry-row"][data-name="local-${RUN}"]`);
  await entry.getByRole('button', { name: 'Check login' }).click();
  await expect(page.getByText('Login check: Login Succeeded')).toBeVisible();
  await entry.getByRole('link', { name: 'Browse' }).click();
  await page.getByLabel('Filter repositories').fill(RUN);
  await page.getByTestId('registry-repository').filter({ hasText: repo }).click();
  const tag = page.locator('[data-testid="registry-tag"][data-tag="ui"]');
  await expect(tag).toBeVisible();
  await expect(tag).toContainText('sha256:');

  // Pull it back in one click, after removing the local copy.
  await engine.getImage(ref).remove({ force: true });
  await tag.getByTestId('registry-pull').click();
  await expect(page.locator(`[data-testid="transfer"][data-reference="${ref}"]`)).toHaveAttribute(
    'data-state',
    'done',
    {
      timeout: 30_000,
    },
  );
  expect((await engine.getImage(ref).inspect()).Id).toBe(id);
});
