import { expect, type Page, test } from '@playwright/test';
import { engine, uniqueName } from '../support/engine';
import { removeLabelled, sleeper } from '../support/labelled';

/** This helper's own label: other suites' resources (also berth.test=1) are left alone. */
const LABEL = 'berth.test.envui';
const ENV_ID = `loop-${Math.random().toString(36).slice(2, 8)}`;
const ENV_NAME = `Loopback ${ENV_ID}`;
const SOCKET = 'unix:///var/run/docker.sock';

/** Removes the environment this run adds (if a failed run left it), through Berth's own API. */
async function removeOurEnvironment(page: Page) {
  await page.request.delete(`/api/environments/${ENV_ID}`).catch(() => undefined);
}

test.beforeAll(async () => removeLabelled(`${LABEL}=1`));
test.afterAll(async () => removeLabelled(`${LABEL}=1`));
// Signed in as admin (the project's storage state), so a run that failed half-way still removes its env.
test.afterEach(async ({ page }) => removeOurEnvironment(page));

test('add an environment, see it reachable, work on it from the header, remove it', async ({ page }) => {
  // A second name for the local engine: enough to drive the UI without another engine.
  const name = uniqueName('envui');
  await sleeper(name, { [LABEL]: '1' }, { NetworkMode: 'none' });
  const { Version: version } = await engine.version();

  await page.goto('/environments');
  await expect(page.getByRole('heading', { name: 'Environments', level: 1 })).toBeVisible();
  await expect(page.getByTestId('cli-command').first()).toHaveText('docker context ls');
  // `local` is always there, reachable.
  const local = page.locator('[data-testid="environment-card"][data-id="local"]');
  await expect(local.getByTestId('environment-reachable')).toHaveText('Reachable');

  await page.getByRole('button', { name: 'Add environment' }).click();
  const form = page.getByTestId('environment-form');
  // A bad id is named beside its field before anything is sent.
  await form.getByLabel('ID', { exact: true }).fill('Not_A_Slug');
  await form.getByLabel('Name', { exact: true }).fill(ENV_NAME);
  await form.getByLabel('Address', { exact: true }).fill(SOCKET);
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(form.getByTestId('error-env-id')).toBeVisible();

  await form.getByLabel('ID', { exact: true }).fill(ENV_ID);
  await form.getByRole('button', { name: 'Check connection' }).click();
  await expect(form.getByTestId('environment-form-check')).toHaveText(
    new RegExp(`^Connected: Docker ${version.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} · API `),
  );
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(form).toHaveCount(0);

  // Its card: reachable, the engine's version, the equivalent command.
  const card = page.locator(`[data-testid="environment-card"][data-id="${ENV_ID}"]`);
  await expect(card.getByRole('heading', { name: ENV_NAME })).toBeVisible();
  await expect(card.getByTestId('environment-reachable')).toHaveText('Reachable', { timeout: 20_000 });
  await expect(card.getByTestId('environment-version')).toHaveText(version);
  await expect(card.getByTestId('cli-command').first()).toHaveText(`docker --host ${SOCKET} info`);

  // The header's switcher lists it; choosing it reloads the page's data from that environment.
  await page.goto('/containers');
  const switcher = page.getByLabel('Environment', { exact: true });
  await expect(switcher).toHaveValue('local');
  await expect(switcher.locator(`option[value="${ENV_ID}"]`)).toHaveText(ENV_NAME);
  const listed = page.waitForRequest(
    (r) => new URL(r.url()).pathname === `/api/environments/${ENV_ID}/containers/page`,
  );
  await switcher.selectOption(ENV_ID);
  await listed;
  await expect(page).toHaveURL(new RegExp(`/containers\\?env=${ENV_ID}$`));
  await expect(page.locator(`[data-testid="container-row"][data-name="${name}"]`)).toBeVisible();
  await expect(switcher).toHaveValue(ENV_ID);

  // The sidebar keeps the environment.
  const images = page.waitForRequest(
    (r) => new URL(r.url()).pathname === `/api/environments/${ENV_ID}/images`,
  );
  await page
    .getByRole('navigation', { name: 'Main navigation' })
    .getByRole('link', { name: 'Images' })
    .click();
  await images;
  await expect(page).toHaveURL(new RegExp(`/images\\?env=${ENV_ID}$`));

  // Back to local: the parameter goes away and the plain paths are used again.
  const localList = page.waitForRequest((r) => new URL(r.url()).pathname === '/api/images');
  await switcher.selectOption('local');
  await localList;
  await expect(page).toHaveURL(/\/images$/);

  // An environment that does not exist is named in the banner.
  await page.goto('/containers?env=no-such-envui');
  await expect(page.getByTestId('engine-unreachable')).toContainText('no-such-envui');

  // Remove it, after a confirmation.
  await page.goto('/environments');
  await card.getByRole('button', { name: 'Remove' }).click();
  await page.getByTestId('confirm-button').click();
  await expect(card).toHaveCount(0);
  const after = await page.request.get('/api/environments');
  expect(after.ok()).toBe(true);
  const ids = ((await after.json()) as { id: string }[]).map((e) => e.id);
  expect(ids).toContain('local');
  expect(ids).not.toContain(ENV_ID);
});
