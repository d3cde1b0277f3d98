import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';

/**
 * For unit tests of modules that keep data: points BERTH_DATA_DIR at a scratch directory, removed (the
 * database closed first) after the file's tests. Call it before importing those modules, dynamically: they
 * read the directory when first imported.
 */
export function scratchDataDir(name: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `berth-${name}-`));
  process.env.BERTH_DATA_DIR = dir;
  afterAll(async () => {
    const { closeDatabase } = await import('@/server/db');
    closeDatabase();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  return dir;
}
