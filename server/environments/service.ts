import type { EnvironmentCreate, EnvironmentUpdate } from '@/lib/environments/schemas';
import type { EnvironmentCheck, EnvironmentStatus, EnvironmentView } from '@/lib/environments/types';
import { LOCAL_ENVIRONMENT } from '@/lib/environments/types';
import {
  docker,
  engineAddress,
  engineClient,
  forgetEnvironment,
  withEnvironment,
} from '@/server/docker/client';
import { checkEngine, classifyEngineError, environmentStatus } from '@/server/environments/check';
import {
  changesConnection,
  createEnvironment,
  deleteEnvironment,
  type EngineConnection,
  getEnvironment,
  listEnvironments,
  saveConnection,
  updatedConnection,
} from '@/server/environments/store';
import { HttpError } from '@/server/http/errors';
import { endEnvironmentStreams } from '@/server/realtime/stats';

/** Checks a connection that is not saved yet (a form, a create, a change). */
export async function checkConnection(connection: EngineConnection): Promise<EnvironmentCheck> {
  let client: ReturnType<typeof engineClient>;
  try {
    // An SSH key that cannot be decrypted (no or a wrong passphrase) fails here, before any connection.
    client = engineClient(connection);
  } catch (err) {
    return { ok: false, version: null, apiVersion: null, ...classifyEngineError(err, connection.address) };
  }
  return checkEngine(client, connection.address);
}

function refuseFailed(check: EnvironmentCheck): void {
  if (check.ok) return;
  throw new HttpError(
    400,
    'environment_check',
    `Connection check failed (${check.problem}): ${check.error}`,
    [{ path: 'body.address', message: check.error ?? 'Connection check failed' }],
    undefined,
    check,
  );
}

/** Saved only once Berth reached the engine with what was given. */
export async function addEnvironment(input: EnvironmentCreate): Promise<EnvironmentView> {
  // The id is refused before the engine is dialled when it is taken.
  if (listEnvironments().some((e) => e.id === input.id))
    throw new HttpError(409, 'conflict', `An environment "${input.id}" already exists`, [
      { path: 'body.id', message: 'Already in use' },
    ]);
  refuseFailed(
    await checkConnection({
      id: input.id,
      name: input.name,
      address: input.address,
      tls: input.tls ?? null,
      sshKey: input.sshKey ?? null,
      sshPassphrase: input.sshPassphrase ?? null,
    }),
  );
  return createEnvironment(input);
}

/** A change of how the engine is reached is checked first; the old client and caches go. */
export async function changeEnvironment(id: string, input: EnvironmentUpdate): Promise<EnvironmentView> {
  const next = updatedConnection(id, input);
  if (changesConnection(input)) refuseFailed(await checkConnection(next));
  const view = saveConnection(next);
  // Streams end first, with their reason: dropping the old client may cut their connections under them.
  if (changesConnection(input)) endEnvironmentStreams(id, `Environment ${id} now points at another engine`);
  forgetEnvironment(id);
  return view;
}

export function removeEnvironment(id: string): void {
  deleteEnvironment(id);
  endEnvironmentStreams(id, `Environment ${id} was removed`);
  forgetEnvironment(id);
}

/** A saved environment (the built-in one included), checked now with its own client. */
export async function checkSaved(id: string): Promise<EnvironmentCheck> {
  getEnvironment(id); // 404 for an unknown one
  return withEnvironment(id, () => {
    const address = id === LOCAL_ENVIRONMENT ? engineAddress() : getEnvironment(id).address;
    let client: ReturnType<typeof docker>;
    try {
      client = docker();
    } catch (err) {
      return Promise.resolve({
        ok: false as const,
        version: null,
        apiVersion: null,
        ...classifyEngineError(err, address),
      });
    }
    return checkEngine(client, address);
  });
}

/** Every environment at once, each within its own short deadline. */
export function allStatuses(): Promise<EnvironmentStatus[]> {
  return Promise.all(listEnvironments().map((env) => environmentStatus(env)));
}
