import { expect, test } from '@playwright/test';
import { engine } from '../support/engine';
import { buildTestImage, pushWithEngine, REGISTRY, removeImageQuietly, uniqueTag } from '../support/images';
import { removeLabelled } from '../support/labelled';

/** Images are named 127.0.0.1:5400/berth-updates-test…, containers labelled berth.test.updates=1. */
const LABEL = 'berth.test.updates=1';
const RUN = uniqueTag('ui');
const REPOSITORY = `berth-updates-test-${RUN}`;
const REPO = `${REGISTRY}/${REPOSITORY}`;
const REF = `${REPO}:1`;
const NEXT = `berth-updates-test-next-${RUN}:1`;
const digests: string[] = [];
const ids: string[] = [];

async function repoDigest(ref: string): Promise<string> {
  const entry = (await engine.getImage(ref).inspect()).RepoDigests.find((d) => d.startsWith(`${REPO}@`));
  if (!entry) throw new Error(`${ref} has no repo digest for ${REPO}`);
  return entry.slice(REPO.length + 1);
}

test.afterAll(async () => {
  await removeLabelled(LABEL);
  // By id too: the next image keeps a repo digest of REPO once its tag is gone.
  for (const ref of [REF, NEXT, ...ids]) await removeImageQuietly(ref);
  for (const digest of digests)
    await fetch(`http://${REGISTRY}/v2/${REPOSITORY}/manifests/${digest}`, { method: 'DELETE' }).catch(
      () => {},
    );
});

test('Check for updates marks a tag whose registry content changed', async ({ page }) => {
  const id1 = await buildTestImage(REF);
  ids.push(id1);
  await pushWithEngine(REF);
  digests.push(await repoDigest(REF));
  await engine.createContainer({
    Image: REF,
    name: REPOSITORY,
    Cmd: ['true'],
    Labels: { 'berth.test': '1', 'berth.test.updates': '1' },
    HostConfig: { NetworkMode: 'none' },
  });
  // Other content under the same tag, pushed from another image; the local tag goes back to the first one.
  ids.push(await buildTestImage(NEXT));
  await engine.getImage(NEXT).tag({ repo: REPO, tag: '1' });
  await pushWithEngine(REF);
  digests.push(await repoDigest(NEXT));
  await engine.getImage(id1).tag({ repo: REPO, tag: '1' });

  await page.goto('/images');
  await page.getByRole('searchbox', { name: 'Search tags or id' }).fill(REPOSITORY);
  const row = page.locator(`[data-testid="image-row"][data-id="${id1}"]`);
  await expect(row).toBeVisible();
  await expect(row.getByTestId('update-badge')).toHaveCount(0);

  await page.getByRole('button', { name: 'Check for updates' }).click();
  const badge = row.locator(`[data-testid="update-badge"][data-reference="${REF}"]`);
  await expect(badge).toBeVisible({ timeout: 30_000 });
  await expect(badge).toHaveAttribute('data-status', 'available');
  await expect(badge).toHaveText('Update available');
  const tooltip = await badge.getAttribute('title');
  expect(tooltip).toContain(`docker pull ${REF}`);
  expect(tooltip).toContain(digests[0] as string);
  expect(tooltip).toContain(digests[1] as string);
  await expect(page.getByText(/update(s)? available/).first()).toBeVisible();

  // A reload reads the kept answer: the badge is there without checking again.
  await page.reload();
  await page.getByRole('searchbox', { name: 'Search tags or id' }).fill(REPOSITORY);
  await expect(row.locator('[data-testid="update-badge"]')).toHaveAttribute('data-status', 'available');
});
