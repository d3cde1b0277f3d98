import fs from 'node:fs';
import { expect, test } from '@playwright/test';

test('settings: download a backup with the key, upload it to restore, see it staged, then drop it', async ({
  page,
}) => {
  await page.goto('/settings');
  const section = page.locator('section', { hasText: 'Backup and restore' });
  await expect(section.getByTestId('backup-key-note')).toContainText('cannot be decrypted after a restore');
  await section.getByTestId('backup-include-key').check();
  await expect(section.getByTestId('backup-key-note')).toContainText('keep it as safe as the key itself');

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    section.getByTestId('backup-download').click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^berth-backup-.*\.tar$/);
  const file = await download.path();
  const archive = fs.readFileSync(file);
  // tar member names sit at the start of each 512-byte header.
  expect(archive.subarray(0, 13).toString()).toBe('manifest.json');
  expect(archive.includes(Buffer.from('secret.key'))).toBe(true);

  await section.getByTestId('restore-file').setInputFiles(file);
  await section.getByTestId('restore-upload').click();
  const pending = section.getByTestId('restore-pending');
  await expect(pending).toContainText('restart Berth to apply it');
  await expect(pending.getByTestId('backup-manifest')).toContainText('Encryption keyincluded');

  await pending.getByRole('button', { name: 'Drop this restore' }).click();
  await expect(pending).toHaveCount(0);
});
