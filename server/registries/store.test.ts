import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseImageReference } from '@/lib/images/reference';

// The modules read BERTH_DATA_DIR when first imported: point it at a scratch dir before importing them.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-registries-'));
process.env.BERTH_DATA_DIR = dir;
delete process.env.BERTH_SECRET_KEY;
const store = await import('@/server/registries/store');
const { db, closeDatabase } = await import('@/server/db');

afterAll(() => {
  closeDatabase();
  fs.rmSync(dir, { recursive: true, force: true });
});

function ref(input: string) {
  const r = parseImageReference(input, { defaultTag: true });
  if (!r.ok) throw new Error(r.error);
  return r.ref;
}

describe('registry store', () => {
  it('keeps the password encrypted at rest and only says that one is stored', () => {
    const view = store.createRegistry({
      name: 'Team',
      url: 'https://registry.example.com:5000',
      username: 'ci',
      password: 'hunter2-registry',
    });
    expect(view).toMatchObject({ host: 'registry.example.com:5000', username: 'ci', hasPassword: true });
    expect(JSON.stringify(view)).not.toContain('hunter2');
    const row = db().prepare('SELECT secret FROM registries WHERE id = ?').get(view.id) as { secret: string };
    expect(row.secret).toMatch(/^v1\./);
    expect(row.secret).not.toContain('hunter2');
    expect(store.registryCredentials(view.id).auth).toEqual({
      username: 'ci',
      password: 'hunter2-registry',
      serveraddress: 'registry.example.com:5000',
    });
  });

  it('binds a secret to its row: copied to another registry it does not decrypt', () => {
    const a = store.createRegistry({ name: 'A', url: 'https://a.example', password: 'pa' });
    const b = store.createRegistry({ name: 'B', url: 'https://b.example', password: 'pb' });
    const secret = (
      db().prepare('SELECT secret FROM registries WHERE id = ?').get(a.id) as { secret: string }
    ).secret;
    db().prepare('UPDATE registries SET secret = ? WHERE id = ?').run(secret, b.id);
    expect(() => store.registryCredentials(b.id)).toThrow(/decrypt/);
  });

  it('keeps, replaces or forgets the password on edit', () => {
    const r = store.createRegistry({
      name: 'Edit',
      url: 'https://e.example',
      username: 'u',
      password: 'one',
    });
    store.updateRegistry(r.id, { username: 'v' });
    expect(store.registryCredentials(r.id).auth?.password).toBe('one');
    store.updateRegistry(r.id, { password: 'two' });
    expect(store.registryCredentials(r.id).auth?.password).toBe('two');
    expect(store.updateRegistry(r.id, { clearPassword: true }).hasPassword).toBe(false);
  });

  it('refuses a duplicate name with a field error', () => {
    expect(() => store.createRegistry({ name: 'team', url: 'https://x.example' })).toThrow(/already exists/);
  });

  it('finds the credentials for an image by its registry host', () => {
    expect(store.credentialsFor(ref('registry.example.com:5000/app:1'))?.name).toBe('Team');
    expect(store.credentialsFor(ref('busybox'))).toBeNull();
  });
});
