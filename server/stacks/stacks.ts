import fs from 'node:fs';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { can } from '@/lib/auth/roles';
import { LOCAL_ENVIRONMENT } from '@/lib/environments/types';
import {
  renderStackCommand,
  type StackActionOptions,
  stackCommandArgs,
  stackProjectArgs,
} from '@/lib/stacks/cli';
import { ENV_MASK, maskEnv, parseEnv, unmaskEnv } from '@/lib/stacks/env';
import type {
  StackAction,
  StackActionResponse,
  StackConfig,
  StackDetail,
  StackSummary,
} from '@/lib/stacks/types';
import type { UserPrincipal } from '@/server/auth/guard';
import { requireCompose } from '@/server/compose/binary';
import { actionTimeoutMs, CONFIG_TIMEOUT_MS, composeError, runCompose } from '@/server/compose/runner';
import { contextValue } from '@/server/context';
import { currentEnvironment } from '@/server/docker/client';
import {
  changedServices,
  mergeStacks,
  parseConfigHashes,
  toStackServices,
  toStackSummary,
} from '@/server/docker/stack-view';
import { engineProject, listEngineProjects, projectVolumes } from '@/server/docker/stacks';
import { HttpError } from '@/server/http/errors';
import {
  addVersion,
  deleteStackRecord,
  existsOnDisk,
  getStackRecord,
  getVersion,
  insertStackRecord,
  latestVersion,
  listStackRecords,
  listVersions,
  markDeployed,
  readStackFiles,
  removeStackFiles,
  type StackFiles,
  type StackRecord,
  stackDir,
  stackLocation,
  writeFilesTo,
  writeStackFiles,
} from '@/server/stacks/store';
import { enforceStackPolicy, enforceStackSources, renderOrThrow } from '@/server/stacks/validate';

const RESERVED_NAMES = new Set(['validate']);

interface FileFacts {
  services: string[];
  images: Record<string, string | null>;
  desired: Record<string, number>;
}

/** Service names, images and replicas read from the YAML itself (cheap: no Compose run for a list). */
function fileFacts(files: StackFiles | null): FileFacts {
  const facts: FileFacts = { services: [], images: {}, desired: {} };
  if (!files) return facts;
  for (const text of [files.compose, files.override ?? '']) {
    const services = (parseDocument(text).toJS() as { services?: Record<string, unknown> } | null)?.services;
    if (!services || typeof services !== 'object') continue;
    for (const [name, raw] of Object.entries(services)) {
      if (!facts.services.includes(name)) facts.services.push(name);
      const s = (raw ?? {}) as { image?: unknown; scale?: unknown; deploy?: { replicas?: unknown } };
      if (typeof s.image === 'string') facts.images[name] = s.image;
      const replicas = s.deploy?.replicas ?? s.scale;
      if (typeof replicas === 'number') facts.desired[name] = replicas;
    }
  }
  facts.services.sort();
  return facts;
}

function safeFileFacts(files: StackFiles | null): FileFacts {
  try {
    return fileFacts(files);
  } catch {
    return { services: [], images: {}, desired: {} };
  }
}

export async function listStacks(): Promise<StackSummary[]> {
  const projects = await listEngineProjects();
  const stored = listStackRecords().map((r) => ({
    name: r.name,
    origin: r.origin,
    updatedAt: r.updatedAt,
    services: safeFileFacts(readStackFiles(r.name)).services,
  }));
  return mergeStacks(projects, stored);
}

function ownedRecord(name: string): StackRecord {
  const record = getStackRecord(name);
  if (!record)
    throw new HttpError(
      404,
      'not_found',
      `No stack "${name}" with files in Berth (a project started elsewhere is read-only until an admin adopts it)`,
    );
  return record;
}

export async function stackDetail(
  name: string,
  principal: UserPrincipal,
  reveal = false,
): Promise<StackDetail> {
  const record = getStackRecord(name);
  const project = await engineProject(name);
  if (!record && !project) throw new HttpError(404, 'not_found', `No stack "${name}"`);
  const files = record ? readStackFiles(name) : null;
  const facts = safeFileFacts(files);
  const showSecrets = reveal && can(principal.user.role, 'stacks:write');
  const summary = toStackSummary({
    name,
    origin: record?.origin ?? 'external',
    project,
    fileServices: record ? facts.services : null,
    updatedAt: record?.updatedAt ?? null,
  });
  return {
    ...summary,
    compose: files?.compose ?? null,
    override: files?.override ?? null,
    env: files?.env == null ? null : showSecrets ? files.env : maskEnv(files.env).text,
    envEntries: !files?.env
      ? []
      : showSecrets
        ? parseEnv(files.env).map((e) => ({ key: e.key, value: e.value, masked: false }))
        : maskEnv(files.env).entries,
    servicesDetail: toStackServices(facts.services, project?.containers ?? [], facts.images, facts.desired),
    versions: record ? listVersions(name) : [],
    command: renderStackCommand(name, 'up', {}, stackLocation(record)),
  };
}

// ------------------------------------------------------------------------------------------------- actions

/** One action at a time per stack: two `up` of one project at once fight over its containers. */
function holdStack(name: string, action: string): () => void {
  const busy = contextValue('stackBusy', () => new Map());
  // Per engine: a stack of the same name on another environment is another project.
  const key = `${currentEnvironment()}\u0000${name}`;
  const running = busy.get(key);
  if (running)
    throw new HttpError(409, 'conflict', `Stack "${name}" is busy: "${running}" is still running on it`);
  busy.set(key, action);
  return () => busy.delete(key);
}

export interface RunHooks {
  onLines?: (lines: string[]) => void;
  signal?: AbortSignal;
}

/** Checks what an action needs before it runs (throws); returns the options it will run with. */
export async function prepareAction(
  name: string,
  action: StackAction,
  options: StackActionOptions,
): Promise<StackActionOptions> {
  ownedRecord(name);
  if (!readStackFiles(name))
    throw new HttpError(409, 'conflict', `The files of stack "${name}" are missing from ${stackDir(name)}`);
  if (action === 'down' && options.volumes) await checkVolumeConfirmation(name, options.confirmVolumes);
  return options;
}

/** `down -v` removes data: only when the caller lists exactly the volumes it removes (as it was shown). */
async function checkVolumeConfirmation(name: string, confirmed: string[] | undefined): Promise<void> {
  const volumes = await projectVolumes(name);
  const given = [...new Set(confirmed ?? [])].sort();
  if (given.length !== volumes.length || given.some((v, i) => v !== volumes[i]))
    throw new HttpError(
      400,
      'bad_request',
      `Removing the volumes needs their confirmation: list exactly ${volumes.length ? volumes.join(', ') : '(none)'}`,
      [{ path: 'body.confirmVolumes', message: `Expected: ${volumes.join(', ') || '(none)'}` }],
    );
}

/** Runs `docker compose -p NAME <action>` in the stack's folder. The command line is returned as run. */
export async function runStackAction(
  name: string,
  action: StackAction,
  options: StackActionOptions,
  hooks: RunHooks = {},
): Promise<StackActionResponse> {
  const compose = await requireCompose();
  const release = holdStack(name, action);
  const location = stackLocation(getStackRecord(name));
  try {
    const outcome = await runCompose({
      binary: compose.path,
      args: stackCommandArgs(name, action, options, location),
      cwd: stackDir(name),
      timeoutMs: actionTimeoutMs(),
      onLines: hooks.onLines,
      signal: hooks.signal,
    });
    const ok = outcome.exitCode === 0 && !outcome.cancelled && !outcome.timedOut;
    // A successful `up` deploys what is on disk, the latest saved version, however it was started (HTTP or the
    // socket's live run): History and the editor's "deployed" comparison go by this mark.
    if (ok && action === 'up') {
      const latest = latestVersion(name);
      if (latest !== null) markDeployed(name, latest);
    }
    return {
      ok,
      exitCode: outcome.exitCode,
      error: ok ? null : composeError(outcome),
      ...(outcome.cancelled ? { cancelled: true } : {}),
      output: outcome.lines,
      command: renderStackCommand(name, action, options, location),
    };
  } finally {
    release();
  }
}

// ------------------------------------------------------------------------------------------------- files

function filesOf(input: {
  compose: string;
  override?: string | undefined;
  env?: string | undefined;
}): StackFiles {
  return {
    compose: input.compose,
    override: input.override?.trim() ? input.override : null,
    env: input.env?.trim() ? input.env : null,
  };
}

/** Validates (Compose) and judges (policy) the files; throws 400 / 403 before anything is written. */
async function checkFiles(principal: UserPrincipal, name: string, files: StackFiles): Promise<void> {
  enforceStackSources(principal, name, files);
  const project = await renderOrThrow(name, files);
  await enforceStackPolicy(principal, name, project);
}

/** A value still written as the mask after unmasking has no stored value behind it: it would be saved as such. */
function hasUnresolvedMask(env: string): string | null {
  return parseEnv(env).find((e) => e.value === ENV_MASK)?.key ?? null;
}

export interface SavedStack {
  stack: StackDetail;
  deployed: StackActionResponse | null;
}

async function deployVersion(
  name: string,
  version: number,
  options: StackActionOptions,
): Promise<StackActionResponse> {
  const result = await runStackAction(name, 'up', options);
  if (result.ok) markDeployed(name, version);
  return result;
}

export async function createStack(
  principal: UserPrincipal,
  input: {
    name: string;
    compose: string;
    override?: string | undefined;
    env?: string | undefined;
    deploy: boolean;
    options?: StackActionOptions | undefined;
  },
): Promise<SavedStack> {
  const { name } = input;
  // /api/stacks/validate is a route of its own: a stack of that name could not be opened.
  if (RESERVED_NAMES.has(name))
    throw new HttpError(400, 'bad_request', `"${name}" is a reserved name: choose another`, [
      { path: 'body.name', message: 'Reserved name' },
    ]);
  if (getStackRecord(name) || existsOnDisk(name))
    throw new HttpError(409, 'conflict', `A stack named "${name}" already exists`);
  if (await engineProject(name))
    throw new HttpError(409, 'conflict', `A Compose project named "${name}" already runs on the engine`);
  const files = filesOf(input);
  const masked = files.env ? hasUnresolvedMask(files.env) : null;
  if (masked) throw maskedError(masked);
  await checkFiles(principal, name, files);
  writeStackFiles(name, files);
  insertStackRecord(name, 'berth', principal.user.username);
  const version = addVersion(name, files, principal.user.username);
  const deployed = input.deploy ? await deployVersion(name, version, input.options ?? {}) : null;
  return { stack: await stackDetail(name, principal), deployed };
}

function maskedError(key: string): HttpError {
  return new HttpError(400, 'bad_request', `The value of ${key} is the mask: type its value`, [
    { path: 'body.env', message: `${key} has no stored value behind the mask` },
  ]);
}

export async function updateStack(
  principal: UserPrincipal,
  name: string,
  input: {
    compose: string;
    override?: string | undefined;
    env?: string | undefined;
    deploy: boolean;
    options?: StackActionOptions | undefined;
  },
): Promise<SavedStack> {
  ownedRecord(name);
  const stored = readStackFiles(name);
  const files = filesOf(input);
  // A masked value sent back unchanged keeps the stored one.
  if (files.env) files.env = unmaskEnv(files.env, stored?.env ?? '');
  const masked = files.env ? hasUnresolvedMask(files.env) : null;
  if (masked) throw maskedError(masked);
  await checkFiles(principal, name, files);
  writeStackFiles(name, files);
  const version = addVersion(name, files, principal.user.username);
  const deployed = input.deploy ? await deployVersion(name, version, input.options ?? {}) : null;
  return { stack: await stackDetail(name, principal), deployed };
}

export async function rollbackStack(
  principal: UserPrincipal,
  name: string,
  version: number,
  deploy: boolean,
): Promise<SavedStack> {
  ownedRecord(name);
  const files = getVersion(name, version);
  if (!files) throw new HttpError(404, 'not_found', `Stack "${name}" has no saved version ${version}`);
  // Judged again: the policy settings may have changed since it was saved.
  await checkFiles(principal, name, files);
  writeStackFiles(name, files);
  const saved = addVersion(name, files, principal.user.username);
  const deployed = deploy ? await deployVersion(name, saved, {}) : null;
  return { stack: await stackDetail(name, principal), deployed };
}

export function stackVersion(name: string, version: number) {
  ownedRecord(name);
  const files = getVersion(name, version);
  if (!files) throw new HttpError(404, 'not_found', `Stack "${name}" has no saved version ${version}`);
  return {
    version,
    compose: files.compose,
    override: files.override,
    env: files.env ? maskEnv(files.env).text : null,
  };
}

/** `down` (with `-v` only when confirmed), then the files and the record go. */
export async function removeStack(
  name: string,
  volumes: boolean,
  confirm: string[] | undefined,
): Promise<StackActionResponse> {
  ownedRecord(name);
  if (volumes) await checkVolumeConfirmation(name, confirm);
  // Files removed by hand: Compose v2 still takes the project down by its labels, from an empty folder.
  if (!readStackFiles(name)) fs.mkdirSync(stackDir(name), { recursive: true, mode: 0o700 });
  const result = await runStackAction(name, 'down', { volumes, removeOrphans: true });
  if (!result.ok) return result;
  removeStackFiles(name);
  deleteStackRecord(name);
  return result;
}

export async function stackVolumes(name: string): Promise<{ volumes: string[] }> {
  if (!getStackRecord(name) && !(await engineProject(name)))
    throw new HttpError(404, 'not_found', `No stack "${name}"`);
  return { volumes: await projectVolumes(name) };
}

/** `docker compose config` of the saved files, and the services whose containers run another config. */
export async function stackConfig(name: string): Promise<StackConfig> {
  ownedRecord(name);
  const compose = await requireCompose();
  const run = (args: string[]) =>
    runCompose({
      binary: compose.path,
      args: [...stackProjectArgs(name, stackLocation(getStackRecord(name))), ...args],
      cwd: stackDir(name),
      timeoutMs: CONFIG_TIMEOUT_MS,
      captureStdout: true,
    });
  const [rendered, hashes, project] = await Promise.all([
    run(['config']),
    run(['config', '--hash', '*']),
    engineProject(name),
  ]);
  if (rendered.exitCode !== 0)
    throw new HttpError(400, 'bad_request', composeError(rendered) ?? 'docker compose config failed');
  return {
    rendered: rendered.stdout,
    changedServices: hashes.exitCode === 0 ? changedServices(project, parseConfigHashes(hashes.stdout)) : [],
  };
}

// ------------------------------------------------------------------------------------------------- adopt

function readable(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new HttpError(
      409,
      'conflict',
      `Cannot adopt: ${file} is not readable by Berth (${(err as NodeJS.ErrnoException).code ?? 'error'}); copy the files into a stack by hand`,
    );
  }
}

/**
 * An admin takes over a project started elsewhere: its config files (from the engine labels) are copied into
 * BERTH_DATA_DIR/stacks/<name>/ (the first as compose.yaml, a second as compose.override.yaml, its working
 * folder's .env), and Berth manages it from then on. Nothing is redeployed.
 */
export async function adoptStack(principal: UserPrincipal, name: string): Promise<StackDetail> {
  // The project's files are where it ran: on this machine only for the local engine.
  if (currentEnvironment() !== LOCAL_ENVIRONMENT)
    throw new HttpError(
      409,
      'conflict',
      `Cannot adopt "${name}" on environment ${currentEnvironment()}: its files are on that engine's host, not Berth's; create the stack in Berth from its compose file instead`,
    );
  if (getStackRecord(name) || existsOnDisk(name))
    throw new HttpError(409, 'conflict', `Stack "${name}" is already Berth's`);
  const project = await engineProject(name);
  if (!project) throw new HttpError(404, 'not_found', `No Compose project "${name}" on the engine`);
  const configFiles = project.configFiles;
  if (configFiles.length === 0)
    throw new HttpError(409, 'conflict', `Cannot adopt: the containers of "${name}" do not name their files`);
  if (configFiles.length > 2)
    throw new HttpError(
      409,
      'conflict',
      `Cannot adopt: "${name}" was started from ${configFiles.length} files (${configFiles.join(', ')}); Berth keeps a compose file and one override`,
    );
  const base = project.workingDir ?? path.dirname(configFiles[0] ?? '/');
  const texts = configFiles.map((f) => readable(path.resolve(/*turbopackIgnore: true*/ base, f)));
  const envPath = path.join(/*turbopackIgnore: true*/ base, '.env');
  const env = fs.existsSync(envPath) ? readable(envPath) : null;
  const files: StackFiles = { compose: texts[0] ?? '', override: texts[1] ?? null, env };
  writeFilesTo(stackDir(name), files);
  // Relative paths (./data, build contexts) keep resolving where the project ran, not in Berth's copy.
  insertStackRecord(name, 'adopted', principal.user.username, path.resolve(/*turbopackIgnore: true*/ base));
  addVersion(name, files, principal.user.username);
  return stackDetail(name, principal);
}
