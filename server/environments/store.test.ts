import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

// The modules read BERTH_DATA_DIR when first imported: point it at a scratch dir before importing them.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-environments-'));
process.env.BERTH_DATA_DIR = dir;
delete process.env.BERTH_SECRET_KEY;
const store = await import('@/server/environments/store');
const { db, closeDatabase } = await import('@/server/db');

afterAll(() => {
  closeDatabase();
  fs.rmSync(dir, { recursive: true, force: true });
});

const PEM = (what: string, secret: string) => `-----BEGIN ${what}-----\n${secret}\n-----END ${what}-----\n`;
const tls = {
  ca: PEM('CERTIFICATE', 'ca'),
  cert: PEM('CERTIFICATE', 'cert'),
  key: PEM('PRIVATE KEY', 'tls-key-s3cret'),
};

describe('environment store', () => {
  it('lists the built-in local engine first, never stored', () => {
    const [local] = store.listEnvironments();
    expect(local).toMatchObject({ id: 'local', builtIn: true, createdAt: 0 });
    expect(store.environmentExists('local')).toBe(true);
    expect(store.environmentExists('nope')).toBe(false);
    expect(() => store.deleteEnvironment('local')).toThrow(/cannot be changed/);
  });

  it('keeps TLS material encrypted at rest, bound to its row, and never in the view', () => {
    const view = store.createEnvironment(
      { id: 'prod', name: 'Prod', address: 'tcp://10.0.0.1:2376', tls },
      5,
    );
    expect(view).toEqual({
      id: 'prod',
      name: 'Prod',
      kind: 'tcp',
      address: 'tcp://10.0.0.1:2376',
      tls: true,
      hasSshKey: false,
      builtIn: false,
      createdAt: 5,
    });
    const row = db().prepare("SELECT * FROM environments WHERE id = 'prod'").get() as { tls: string };
    expect(row.tls).not.toContain('s3cret');
    expect(store.environmentConnection('prod').tls).toEqual(tls);
    // Copied to another row, the ciphertext does not decrypt.
    store.createEnvironment({ id: 'copy', name: 'Copy', address: 'tcp://10.0.0.2:2375' });
    db().prepare("UPDATE environments SET tls = ? WHERE id = 'copy'").run(row.tls);
    expect(() => store.environmentConnection('copy')).toThrow(/cannot be decrypted/);
    store.deleteEnvironment('copy');
    expect(() => store.createEnvironment({ id: 'prod', name: 'x', address: 'tcp://h:1' })).toThrow(
      /already exists/,
    );
  });

  it('an update keeps what it does not name, and a new kind of address drops the other kind of secret', () => {
    store.createEnvironment({
      id: 'edge',
      name: 'Edge',
      address: 'ssh://me@edge',
      sshKey: PEM('OPENSSH PRIVATE KEY', 'k'),
      sshPassphrase: 'pw',
    });
    expect(store.getEnvironment('edge')).toMatchObject({ kind: 'ssh', hasSshKey: true });
    const renamed = store.updatedConnection('edge', { name: 'Edge 2' });
    expect(renamed).toMatchObject({ name: 'Edge 2', sshPassphrase: 'pw' });
    expect(store.changesConnection({ name: 'x' })).toBe(false);
    expect(store.changesConnection({ address: 'tcp://h:1' })).toBe(true);
    const moved = store.updatedConnection('edge', { address: 'tcp://10.0.0.3:2375' });
    expect(moved).toMatchObject({ sshKey: null, sshPassphrase: null, tls: null });
    expect(store.saveConnection(moved)).toMatchObject({ kind: 'tcp', hasSshKey: false, name: 'Edge' });
    expect(() => store.getEnvironment('gone')).toThrow(/No environment "gone"/);
  });
});
