import type { EnvironmentCreate, EnvironmentUpdate } from '@/lib/environments/schemas';
import { type EnvironmentKind, type EnvironmentView, LOCAL_ENVIRONMENT } from '@/lib/environments/types';
import { config } from '@/server/config';
import { db } from '@/server/db';
import { HttpError } from '@/server/http/errors';
import { decryptSecret, encryptSecret } from '@/server/security/crypto';
import { secretKey } from '@/server/security/keys';

interface Row {
  id: string;
  name: string;
  address: string;
  tls: string | null;
  ssh_key: string | null;
  ssh_passphrase: string | null;
  created_at: number;
}

export interface TlsMaterial {
  ca: string;
  cert: string;
  key: string;
}

/** How to reach one engine, secrets decrypted: for the server only. */
export interface EngineConnection {
  id: string;
  name: string;
  address: string;
  tls: TlsMaterial | null;
  sshKey: string | null;
  sshPassphrase: string | null;
}

/** Each ciphertext is bound to its row and column: copied elsewhere it does not decrypt. */
const aad = (id: string, column: 'tls' | 'ssh_key' | 'ssh_passphrase') => `environment:${id}:${column}`;

export function environmentKind(address: string): EnvironmentKind {
  if (address.startsWith('ssh://')) return 'ssh';
  if (address.startsWith('unix://')) return 'unix';
  return 'tcp';
}

function localView(): EnvironmentView {
  return {
    id: LOCAL_ENVIRONMENT,
    name: LOCAL_ENVIRONMENT,
    kind: environmentKind(config.dockerHost),
    address: config.dockerHost,
    // DOCKER_TLS_VERIFY / DOCKER_CERT_PATH, read by docker-modem itself.
    tls: process.env.DOCKER_TLS_VERIFY === '1',
    hasSshKey: false,
    builtIn: true,
    createdAt: 0,
  };
}

function toView(row: Row): EnvironmentView {
  return {
    id: row.id,
    name: row.name,
    kind: environmentKind(row.address),
    address: row.address,
    tls: row.tls !== null,
    hasSshKey: row.ssh_key !== null,
    builtIn: false,
    createdAt: row.created_at,
  };
}

function findRow(id: string): Row | undefined {
  return db().prepare<[string], Row>('SELECT * FROM environments WHERE id = ?').get(id);
}

function notFound(id: string): HttpError {
  return new HttpError(404, 'not_found', `No environment "${id}"`);
}

function getRow(id: string): Row {
  const row = findRow(id);
  if (!row) throw notFound(id);
  return row;
}

/** Whether `id` names an environment (the built-in one included). */
export function environmentExists(id: string): boolean {
  return id === LOCAL_ENVIRONMENT || findRow(id) !== undefined;
}

/** A stored environment's address, without decrypting anything (for error messages). */
export function environmentAddress(id: string): string | null {
  return findRow(id)?.address ?? null;
}

export function listEnvironments(): EnvironmentView[] {
  const rows = db().prepare<[], Row>('SELECT * FROM environments ORDER BY name, id').all();
  return [localView(), ...rows.map(toView)];
}

export function getEnvironment(id: string): EnvironmentView {
  if (id === LOCAL_ENVIRONMENT) return localView();
  return toView(getRow(id));
}

function builtInRefused(id: string): void {
  if (id === LOCAL_ENVIRONMENT)
    throw new HttpError(
      400,
      'bad_request',
      `"${LOCAL_ENVIRONMENT}" is the engine Berth was started with (DOCKER_HOST): it cannot be changed here`,
    );
}

function decrypt(row: Row, column: 'tls' | 'ssh_key' | 'ssh_passphrase'): string | null {
  const payload = row[column];
  if (payload === null) return null;
  try {
    return decryptSecret(secretKey(), payload, aad(row.id, column));
  } catch (err) {
    throw new HttpError(
      409,
      'conflict',
      `The stored ${column === 'tls' ? 'TLS material' : 'SSH key'} of environment "${row.id}" cannot be ` +
        `decrypted with this install's key (${(err as Error).message}) Restored from a backup without its key? ` +
        'Enter it again.',
    );
  }
}

function connectionOf(row: Row): EngineConnection {
  const tls = decrypt(row, 'tls');
  return {
    id: row.id,
    name: row.name,
    address: row.address,
    tls: tls === null ? null : (JSON.parse(tls) as TlsMaterial),
    sshKey: decrypt(row, 'ssh_key'),
    sshPassphrase: decrypt(row, 'ssh_passphrase'),
  };
}

/** A stored environment's connection (not the built-in one: docker-modem reads DOCKER_HOST for it). */
export function environmentConnection(id: string): EngineConnection {
  return connectionOf(getRow(id));
}

const seal = (id: string, column: 'tls' | 'ssh_key' | 'ssh_passphrase', text: string | null | undefined) =>
  text ? encryptSecret(secretKey(), text, aad(id, column)) : null;

export function createEnvironment(input: EnvironmentCreate, now = Date.now()): EnvironmentView {
  if (findRow(input.id))
    throw new HttpError(409, 'conflict', `An environment "${input.id}" already exists`, [
      { path: 'body.id', message: 'Already in use' },
    ]);
  db()
    .prepare(
      `INSERT INTO environments (id, name, address, tls, ssh_key, ssh_passphrase, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      input.id,
      input.name,
      input.address,
      seal(input.id, 'tls', input.tls ? JSON.stringify(input.tls) : null),
      seal(input.id, 'ssh_key', input.sshKey),
      seal(input.id, 'ssh_passphrase', input.sshPassphrase),
      now,
    );
  return getEnvironment(input.id);
}

/**
 * The connection an update would give, before it is saved (so it can be checked first). What the update does
 * not name is kept; `null` removes it. Changing the kind of address drops material of the other kind.
 */
export function updatedConnection(id: string, input: EnvironmentUpdate): EngineConnection {
  builtInRefused(id);
  const current = environmentConnection(id);
  const address = input.address ?? current.address;
  const kind = environmentKind(address);
  const tls = input.tls === undefined ? current.tls : input.tls;
  const sshKey = input.sshKey === undefined ? current.sshKey : input.sshKey;
  const sshPassphrase = input.sshPassphrase === undefined ? current.sshPassphrase : input.sshPassphrase;
  return {
    id,
    name: input.name ?? current.name,
    address,
    tls: kind === 'tcp' ? tls : null,
    sshKey: kind === 'ssh' ? sshKey : null,
    sshPassphrase: kind === 'ssh' ? sshPassphrase : null,
  };
}

/** Whether an update changes how the engine is reached (then it is checked again before it is saved). */
export function changesConnection(input: EnvironmentUpdate): boolean {
  return (
    input.address !== undefined ||
    input.tls !== undefined ||
    input.sshKey !== undefined ||
    input.sshPassphrase !== undefined
  );
}

export function saveConnection(next: EngineConnection): EnvironmentView {
  builtInRefused(next.id);
  getRow(next.id);
  db()
    .prepare(
      'UPDATE environments SET name = ?, address = ?, tls = ?, ssh_key = ?, ssh_passphrase = ? WHERE id = ?',
    )
    .run(
      next.name,
      next.address,
      seal(next.id, 'tls', next.tls ? JSON.stringify(next.tls) : null),
      seal(next.id, 'ssh_key', next.sshKey),
      seal(next.id, 'ssh_passphrase', next.sshPassphrase),
      next.id,
    );
  return getEnvironment(next.id);
}

export function deleteEnvironment(id: string): void {
  builtInRefused(id);
  getRow(id);
  db().transaction(() => {
    db().prepare('DELETE FROM environments WHERE id = ?').run(id);
    // Teams' roles on it go with it: an environment added later under the same id starts with none.
    db().prepare('DELETE FROM team_environment_roles WHERE env = ?').run(id);
  })();
}
