import type { ImageReference } from '@/lib/images/reference';
import { registryHost } from '@/lib/images/reference';
import type { RegistryCreate, RegistryUpdate, RegistryView } from '@/lib/registries/types';
import { db } from '@/server/db';
import type { RegistryAuth } from '@/server/docker/images';
import { HttpError } from '@/server/http/errors';
import { decryptSecret, encryptSecret } from '@/server/security/crypto';
import { secretKey } from '@/server/security/keys';

interface Row {
  id: number;
  name: string;
  url: string;
  username: string | null;
  secret: string | null;
  created_at: number;
  updated_at: number;
}

/** Stored credentials, for the server only. */
export interface RegistryCredentials {
  id: number;
  name: string;
  url: string;
  host: string;
  auth: RegistryAuth | undefined;
}

/** The ciphertext is bound to its row: copied to another registry's row it does not decrypt. */
export const registryAad = (id: number) => `registry:${id}`;

function toView(row: Row): RegistryView {
  return {
    id: row.id,
    name: row.name,
    url: row.url,
    host: registryHost(row.url),
    username: row.username,
    hasPassword: row.secret !== null,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function getRow(id: number): Row {
  const row = db().prepare<[number], Row>('SELECT * FROM registries WHERE id = ?').get(id);
  if (!row) throw new HttpError(404, 'not_found', `No registry with id ${id}`);
  return row;
}

function duplicateName(err: unknown, name: string): never {
  if (String((err as Error).message).includes('UNIQUE')) {
    throw new HttpError(409, 'conflict', `A registry named "${name}" already exists`, [
      { path: 'body.name', message: 'Already in use' },
    ]);
  }
  throw err;
}

export function listRegistries(): RegistryView[] {
  return db().prepare<[], Row>('SELECT * FROM registries ORDER BY name').all().map(toView);
}

export function getRegistry(id: number): RegistryView {
  return toView(getRow(id));
}

export function createRegistry(input: RegistryCreate): RegistryView {
  const now = Date.now();
  try {
    const id = db().transaction(() => {
      const res = db()
        .prepare(
          'INSERT INTO registries (name, url, username, secret, created_at, updated_at) VALUES (?, ?, ?, NULL, ?, ?)',
        )
        .run(input.name, input.url, input.username || null, now, now);
      const newId = Number(res.lastInsertRowid);
      if (input.password) {
        db()
          .prepare('UPDATE registries SET secret = ? WHERE id = ?')
          .run(encryptSecret(secretKey(), input.password, registryAad(newId)), newId);
      }
      return newId;
    })();
    return getRegistry(id);
  } catch (err) {
    duplicateName(err, input.name);
  }
}

export function updateRegistry(id: number, input: RegistryUpdate): RegistryView {
  const row = getRow(id);
  let secret = row.secret;
  if (input.clearPassword || input.password === '') secret = null;
  else if (input.password) secret = encryptSecret(secretKey(), input.password, registryAad(id));
  const username = input.username === undefined ? row.username : input.username || null;
  try {
    db()
      .prepare(
        'UPDATE registries SET name = ?, url = ?, username = ?, secret = ?, updated_at = ? WHERE id = ?',
      )
      .run(input.name ?? row.name, input.url ?? row.url, username, secret, Date.now(), id);
  } catch (err) {
    duplicateName(err, input.name ?? row.name);
  }
  return getRegistry(id);
}

export function deleteRegistry(id: number): void {
  getRow(id);
  db().prepare('DELETE FROM registries WHERE id = ?').run(id);
}

/** The stored password; one the install's key cannot decrypt (a restore without its key) is said so. */
function storedPassword(row: Row, secret: string): string {
  try {
    return decryptSecret(secretKey(), secret, registryAad(row.id));
  } catch (err) {
    throw new HttpError(
      409,
      'conflict',
      `The stored password of registry "${row.name}" cannot be decrypted with this install's key ` +
        `(${(err as Error).message}) Restored from a backup without its key? Enter the password again.`,
    );
  }
}

function credentialsOf(row: Row): RegistryCredentials {
  const host = registryHost(row.url);
  const auth =
    row.username || row.secret
      ? {
          username: row.username ?? '',
          password: row.secret ? storedPassword(row, row.secret) : '',
          serveraddress: host,
        }
      : undefined;
  return { id: row.id, name: row.name, url: row.url, host, auth };
}

export function registryCredentials(id: number): RegistryCredentials {
  return credentialsOf(getRow(id));
}

/** The stored registry an image reference points at (by host), as `docker pull` finds ~/.docker/config.json. */
export function credentialsFor(ref: ImageReference): RegistryCredentials | null {
  const rows = db().prepare<[], Row>('SELECT * FROM registries ORDER BY id').all();
  const row = rows.find((r) => registryHost(r.url) === ref.domain);
  return row ? credentialsOf(row) : null;
}
