import { expect, test } from '@playwright/test';
import { api } from '../support/api';
import { removeTestContainers, TEST_IMAGE, TEST_LABEL, uniqueName } from '../support/engine';

test.afterAll(removeTestContainers);

test('the events page shows recent and live engine events, newest first, and filters them', async ({
  page,
}) => {
  const before = uniqueName('ui-ev-old');
  await api('/api/containers', {
    method: 'POST',
    json: { image: TEST_IMAGE, name: before, labels: [TEST_LABEL], command: ['true'], start: false },
  });
  await page.goto('/events');
  // From the last hour, before the page opened.
  await expect(page.getByTestId('event-row').filter({ hasText: before }).first()).toBeVisible();

  const live = uniqueName('ui-ev-live');
  await api('/api/containers', {
    method: 'POST',
    json: { image: TEST_IMAGE, name: live, labels: [TEST_LABEL], command: ['true'] },
  });
  // Live, on top: the newest event of that container is above its create.
  const rows = page.getByTestId('event-row').filter({ hasText: live });
  await expect(rows.filter({ hasText: 'die' }).first()).toBeVisible();
  const actions = await rows.getByTestId('event-action').allTextContents();
  expect(actions.indexOf('die')).toBeLessThan(actions.indexOf('create'));

  await page.getByTestId('events-object').fill(live);
  await page.getByTestId('events-action').fill('create');
  await expect(page.getByTestId('event-row')).toHaveCount(1);
  await expect(page.getByTestId('cli-command').first()).toHaveText(
    `docker events --filter event=create --filter container=${live}`,
  );
});
