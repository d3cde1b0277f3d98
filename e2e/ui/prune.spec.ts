import { expect, test } from '@playwright/test';
import { api } from '../support/api';
import { engine, TEST_IMAGE, uniqueName } from '../support/engine';

test('the prune page previews exactly what goes, prunes what is ticked, and the engine agrees', async ({
  page,
}) => {
  const run = Date.now().toString(36);
  const key = 'berth.test.prune';
  const label = `${key}=${run}`;
  const labels = { 'berth.test': '1', [key]: run };
  const container = await engine.createContainer({
    Image: TEST_IMAGE,
    name: uniqueName('ui-prune'),
    Cmd: ['true'],
    Labels: labels,
  });
  const volume = uniqueName('ui-prune-vol');
  await engine.createVolume({ Name: volume, Labels: labels });
  const network = uniqueName('ui-prune-net');
  await engine.createNetwork({ Name: network, Labels: labels });
  const containerName = (await container.inspect()).Name.replace(/^\//, '');

  await page.goto('/system/prune');
  await expect(page.getByTestId('disk-usage')).toBeVisible();
  await page.getByTestId('prune-label').fill(label);
  await page.getByRole('button', { name: 'Apply' }).click();
  // A named volume goes only with --all (anonymous ones without it).
  await page.getByTestId('prune-volumes').getByLabel('Named volumes too (--all)').check();
  // Each preview names exactly the labelled object, with its CLI.
  for (const [kind, name] of [
    ['containers', containerName],
    ['volumes', volume],
    ['networks', network],
  ] as const) {
    const section = page.getByTestId(`prune-${kind}`);
    await expect(section.getByTestId('prune-items').locator('li')).toHaveCount(1);
    await expect(section.getByTestId('prune-items')).toContainText(name);
  }
  await expect(page.getByTestId('prune-containers').getByTestId('cli-command')).toHaveText(
    `docker container prune --filter label=${label}`,
  );
  await page.getByTestId('prune-containers').getByTestId('prune-tick-containers').check();
  await page.getByTestId('prune-networks').getByTestId('prune-tick-networks').check();
  await page.getByTestId('prune-volumes').getByTestId('prune-tick-volumes').check();
  await expect(page.getByTestId('prune-total')).toContainText('3 kinds ticked');
  await page.getByTestId('prune-run').click();
  await page.getByRole('dialog').getByRole('button', { name: 'Prune selected' }).click();
  for (const kind of ['containers', 'volumes', 'networks']) {
    await expect(page.getByTestId(`prune-result-${kind}`)).toHaveAttribute('data-status', 'done');
    await expect(page.getByTestId(`prune-result-${kind}`)).toContainText('Removed 1');
  }
  await expect(engine.getContainer(container.id).inspect()).rejects.toMatchObject({ statusCode: 404 });
  await expect(engine.getVolume(volume).inspect()).rejects.toMatchObject({ statusCode: 404 });
  await expect(engine.getNetwork(network).inspect()).rejects.toMatchObject({ statusCode: 404 });
  // Nothing unlabelled went with them.
  expect((await api<unknown[]>('/api/containers?all=1')).status).toBe(200);
});
