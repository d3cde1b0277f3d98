import { PassThrough, type Readable } from 'node:stream';
import type Docker from 'dockerode';
import tar from 'tar-stream';
import type { SessionUser } from '@/lib/auth/roles';
import type { ContainerUpdateInput } from '@/lib/containers/actions';
import { type ContainerForm, parseCpus, parseMemory, parseRestart } from '@/lib/containers/form';
import {
  type ContainerPage,
  type ContainerSort,
  decodeCursor,
  pageOf,
  type SortOrder,
  sortContainers,
} from '@/lib/containers/paging';
import type {
  ContainerDetail,
  ContainerStateFilter,
  ContainerSummary,
  CreatedContainer,
  DirectoryListing,
  FileEntry,
  FilesystemChange,
  ProcessList,
} from '@/lib/containers/types';
import { holds } from '@/server/auth/guard';
import { contextValue } from '@/server/context';
import {
  docker,
  perEnvironment,
  sharedEngineWork,
  sharedInEnvironment,
  withEnvironment,
} from '@/server/docker/client';
import { toCreateOptions } from '@/server/docker/container-create';
import {
  matchesSearch,
  toContainerDetail,
  toContainerSummary,
  toFilesystemChanges,
} from '@/server/docker/container-view';
import { changesContainerList } from '@/server/docker/event-view';
import { eventsSince, followEvents } from '@/server/docker/events';
import { ListCache } from '@/server/docker/list-cache';
import { LiveList } from '@/server/docker/live-list';
import { HttpError, toHttpError } from '@/server/http/errors';

export interface ListOptions {
  all: boolean;
  state: ContainerStateFilter;
  search?: string;
}

/**
 * The container lists of one environment: the full list (`all=1`, what the page and most clients ask for) kept
 * current from the engine's event log (live-list.ts: a change costs one filtered call for the rows it touched);
 * filtered queries (`state=`, `all=0`) in the probe-checked cache (list-cache.ts), whose hit costs one probe and
 * whose change costs a re-list. Three seconds bound the age of the "Up 5 minutes" texts, which change without an
 * event.
 */
export class ContainerLists {
  constructor(
    readonly live: LiveList<ContainerSummary>,
    readonly filtered: ListCache<ContainerSummary[]>,
  ) {}
  get hits(): number {
    return this.live.hits + this.live.deltas + this.filtered.hits;
  }
  get misses(): number {
    return this.live.misses + this.filtered.misses;
  }
}

export function containerListCache(): ContainerLists {
  return perEnvironment(
    contextValue('containerListCache', () => new Map()),
    (env) => {
      // Checked once for every caller waiting on it: outside any one client's scope, on this cache's engine.
      const onEngine = <T>(work: () => Promise<T>) => withEnvironment(env, () => sharedEngineWork(work));
      return new ContainerLists(
        new LiveList({
          minAgeMs: 3000,
          eventsSince: (ms) => onEngine(() => eventsSince(ms)),
          // Kept while the list is read: a flood of events past the engine's 256-event log is not a re-list.
          follow: (onEvent) =>
            withEnvironment(env, () => sharedInEnvironment(env, () => followEvents(null, onEvent))),
          fetchAll: () =>
            onEngine(async () => (await docker().listContainers(ALL_QUERY)).map(toContainerSummary)),
          fetchRows: (ids) =>
            onEngine(async () =>
              (await docker().listContainers({ ...ALL_QUERY, filters: JSON.stringify({ id: ids }) })).map(
                toContainerSummary,
              ),
            ),
        }),
        new ListCache({
          maxAgeMs: 3000,
          changedSince: (ms) => onEngine(async () => (await eventsSince(ms)).some(changesContainerList)),
        }),
      );
    },
  );
}

/** Never asks for sizes: `size=1` makes the engine walk every container's filesystem (seconds). */
const ALL_QUERY = { all: true, size: false };

/** The list as the engine answers the options, before any search: one array per version of the list. */
async function baseList(opts: ListOptions): Promise<ContainerSummary[]> {
  const filters: Record<string, string[]> = {};
  if (opts.state === 'running') filters.status = ['running'];
  if (opts.state === 'paused') filters.status = ['paused'];
  if (opts.state === 'stopped') filters.status = ['created', 'exited', 'dead'];
  const all = opts.all || opts.state !== 'all';
  const lists = containerListCache();
  if (all && Object.keys(filters).length === 0) return lists.live.get();
  const query = {
    all,
    size: false,
    ...(Object.keys(filters).length ? { filters: JSON.stringify(filters) } : {}),
  };
  // Shared by every caller until the next change: one client leaving must not cancel it for the others.
  return lists.filtered.get(JSON.stringify(query), () =>
    sharedEngineWork(async () => (await docker().listContainers(query)).map(toContainerSummary)),
  );
}

/** The size of one view of a kept body (see bytesStream). */
const VIEW_BYTES = 4 * 2 ** 20;

/**
 * Kept bytes as a response body without a copy per client: views of up to 4 MB, read-only. (A `Response` made of
 * a Uint8Array copies it: fifty clients of a 5 MB list would hold 250 MB at once.) Large views: the socket holds a
 * view until the kernel has taken it, so its size costs nothing, while each view costs a round of Next's stream
 * pipe (promises, a drain wait). 64 kB views made 80 rounds of a 10,000-container list; 4 MB views served ~60 %
 * more lists per second to 50 clients and left less garbage (bench list:scale).
 */
export function bytesStream(bytes: Uint8Array): ReadableStream<Uint8Array> {
  let offset = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (offset >= bytes.length) {
        controller.close();
        return;
      }
      const end = Math.min(offset + VIEW_BYTES, bytes.length);
      controller.enqueue(bytes.subarray(offset, end));
      offset = end;
    },
  });
}

export async function listContainers(opts: ListOptions): Promise<ContainerSummary[]> {
  const list = await baseList(opts);
  return opts.search ? list.filter((c) => matchesSearch(c, opts.search ?? '')) : list;
}

/** Serialised answers per list version and search: fifty clients of one list cost one JSON.stringify. */
const listBodies = new WeakMap<ContainerSummary[], Map<string, Uint8Array>>();

/**
 * `GET /api/containers` as its JSON body, bytes kept with the list version they serialise (the list's array:
 * a new version is a new array), so a warm list costs the probe and a copy, not a serialisation per client.
 */
export async function containerListBody(opts: ListOptions): Promise<Uint8Array> {
  const list = await baseList(opts);
  let bodies = listBodies.get(list);
  if (!bodies) {
    bodies = new Map();
    listBodies.set(list, bodies);
  }
  const key = opts.search ?? '';
  let body = bodies.get(key);
  if (!body) {
    body = new TextEncoder().encode(JSON.stringify(key ? list.filter((c) => matchesSearch(c, key)) : list));
    // A handful of searches per version: the oldest goes first.
    if (bodies.size >= 8) bodies.delete(bodies.keys().next().value as string);
    bodies.set(key, body);
  }
  return body;
}

export interface PageOptions {
  state: ContainerStateFilter;
  q?: string;
  sort: ContainerSort;
  order: SortOrder;
  limit: number;
  cursor?: string;
}

/**
 * Sorted views of one cached list answer, by sort, order and search: while the engine logs no change the list
 * cache hands back the same array, so the next page (or the next client) costs a binary search, not a sort.
 */
const sortedViews = new WeakMap<
  ContainerSummary[],
  Map<string, { sorted: ContainerSummary[]; unfiltered: number }>
>();

/** What the engine's `status` filter of each state tab keeps (baseList), applied to the live list in process. */
const STATE_TAB: Record<Exclude<ContainerStateFilter, 'all'>, ReadonlySet<ContainerSummary['state']>> = {
  running: new Set(['running']),
  paused: new Set(['paused']),
  stopped: new Set(['created', 'exited', 'dead']),
};

/**
 * One page of the container list, sorted and filtered on the server (`GET /api/containers/page`). Every tab
 * reads the one live list (a state tab filters it here, not with an engine call): during a flood of changes
 * the page costs one probe and one delta for everyone, not a re-list per tab.
 */
export async function listContainerPage(opts: PageOptions): Promise<ContainerPage> {
  const after = opts.cursor ? decodeCursor(opts.cursor, opts.sort) : null;
  if (opts.cursor && !after)
    throw new HttpError(
      400,
      'bad_request',
      'query.cursor: not a cursor of this sort (take nextCursor as it came)',
      [{ path: 'query.cursor', message: 'Not a cursor of this sort' }],
    );
  const list = await containerListCache().live.get();
  let views = sortedViews.get(list);
  if (!views) {
    views = new Map();
    sortedViews.set(list, views);
  }
  const q = opts.q?.trim() ?? '';
  const key = `${opts.state}\u0000${opts.sort}\u0000${opts.order}\u0000${q}`;
  let view = views.get(key);
  if (!view) {
    const states = opts.state === 'all' ? null : STATE_TAB[opts.state];
    const inTab = states ? list.filter((c) => states.has(c.state)) : list;
    const sorted = sortContainers(
      q ? inTab.filter((c) => matchesSearch(c, q)) : inTab,
      opts.sort,
      opts.order,
    );
    view = { sorted, unfiltered: inTab.length };
    // A handful of searches per list answer: the oldest view goes first.
    if (views.size >= 16) views.delete(views.keys().next().value as string);
    views.set(key, view);
  }
  return { ...pageOf(view.sorted, opts.sort, opts.order, opts.limit, after), unfiltered: view.unfiltered };
}

export async function inspectContainer(id: string): Promise<Docker.ContainerInspectInfo> {
  return docker().getContainer(id).inspect();
}

/** The detail view as `user` may read it: environment values masked without `containers:env`. */
export async function containerDetailFor(user: SessionUser, id: string): Promise<ContainerDetail> {
  return toContainerDetail(await inspectContainer(id), { maskEnv: !holds(user, 'containers:env') });
}

/** `vet` sees the exact Engine body before it is sent (the security policy hooks in there). */
export async function createContainer(
  form: ContainerForm,
  vet: (body: Docker.ContainerCreateOptions) => void | Promise<void> = () => {},
): Promise<CreatedContainer> {
  const body = toCreateOptions(form);
  await vet(body);
  const container = await docker().createContainer(body);
  const info = await container.inspect();
  const name = info.Name.replace(/^\//, '');
  if (form.start === false) return { id: container.id, name, started: false };
  try {
    await container.start();
  } catch (err) {
    // Like `docker run`, a container whose start fails stays created; the error says so.
    const cause = toHttpError(err);
    throw new HttpError(cause.status, cause.code, `Created ${name} but could not start it: ${cause.message}`);
  }
  return { id: container.id, name, started: true };
}

export async function removeContainer(id: string, opts: { force: boolean; volumes: boolean }): Promise<void> {
  await docker().getContainer(id).remove({ force: opts.force, v: opts.volumes });
}

/** The engine answers 304 for start-when-running and stop-when-stopped; the CLI treats both as done. */
async function ignoreNotModified(work: Promise<unknown>): Promise<void> {
  try {
    await work;
  } catch (err) {
    if ((err as { statusCode?: number }).statusCode !== 304) throw err;
  }
}

export type ActionInput =
  | { action: 'start' | 'pause' | 'unpause' }
  | { action: 'stop' | 'restart'; timeout?: number }
  | { action: 'kill'; signal?: string }
  | { action: 'rename'; name: string }
  | {
      action: 'commit';
      repo?: string;
      tag?: string;
      message?: string;
      author?: string;
      changes?: string[];
      pause?: boolean;
    }
  | ContainerUpdateInput;

/**
 * The Engine body of `docker update` (POST /containers/{id}/update), as the CLI builds it from the same
 * values: resources at the top level, the restart policy beside them.
 */
export function toUpdateBody(input: ContainerUpdateInput): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  if (input.restart) {
    const policy = parseRestart(input.restart);
    body.RestartPolicy = { Name: policy.name, MaximumRetryCount: policy.maximumRetryCount };
  }
  if (input.memory) body.Memory = parseMemory(input.memory);
  if (input.memorySwap) body.MemorySwap = input.memorySwap === '-1' ? -1 : parseMemory(input.memorySwap);
  if (input.cpus) body.NanoCpus = parseCpus(input.cpus);
  if (input.pidsLimit !== undefined) body.PidsLimit = input.pidsLimit;
  return body;
}

/** `vet` sees the exact Engine body of an update before it is sent (the security policy hooks in there). */
export async function runContainerAction(
  id: string,
  input: ActionInput,
  vet: (body: Record<string, unknown>) => void = () => {},
): Promise<{ imageId?: string }> {
  const c = docker().getContainer(id);
  switch (input.action) {
    case 'start':
      await ignoreNotModified(c.start());
      return {};
    case 'stop':
      await ignoreNotModified(c.stop(input.timeout === undefined ? {} : { t: input.timeout }));
      return {};
    case 'restart':
      await c.restart(input.timeout === undefined ? {} : { t: input.timeout });
      return {};
    case 'kill':
      await c.kill(input.signal ? { signal: input.signal } : {});
      return {};
    case 'pause':
      await c.pause();
      return {};
    case 'unpause':
      await c.unpause();
      return {};
    case 'rename':
      await c.rename({ name: input.name });
      return {};
    case 'update': {
      const body = toUpdateBody(input);
      vet(body);
      await c.update(body);
      return {};
    }
    case 'commit': {
      const result: { Id?: string } = await c.commit({
        ...(input.repo ? { repo: input.repo } : {}),
        ...(input.tag ? { tag: input.tag } : {}),
        ...(input.message ? { comment: input.message } : {}),
        ...(input.author ? { author: input.author } : {}),
        ...(input.changes?.length ? { changes: input.changes } : {}),
        pause: input.pause ?? true,
      });
      return { imageId: result.Id };
    }
  }
}

export async function topContainer(id: string, psArgs?: string): Promise<ProcessList> {
  const raw: { Titles?: string[]; Processes?: string[][] } = await docker()
    .getContainer(id)
    .top(psArgs ? { ps_args: psArgs } : {});
  return { titles: raw.Titles ?? [], processes: raw.Processes ?? [] };
}

export async function containerChanges(id: string): Promise<FilesystemChange[]> {
  const raw = (await docker().getContainer(id).changes()) as unknown as
    | { Path: string; Kind: number }[]
    | null;
  return toFilesystemChanges(raw);
}

export async function exportContainer(id: string): Promise<NodeJS.ReadableStream> {
  return docker().getContainer(id).export();
}

export interface PathStat {
  name: string;
  size: number;
  mode: number;
  mtime: string;
  linkTarget: string;
}

/** The engine describes the path in a base64 JSON header of the archive endpoints. */
export function decodePathStat(header: string | string[] | undefined): PathStat | null {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) return null;
  try {
    return JSON.parse(Buffer.from(value, 'base64').toString('utf8')) as PathStat;
  } catch {
    return null;
  }
}

/** Go's os.FileMode keeps the type in the high bits: 1<<31 is a directory, 1<<27 a symlink. */
export function isDirectoryMode(mode: number): boolean {
  return (mode & 0x80000000) !== 0;
}

export async function statPath(id: string, path: string): Promise<PathStat> {
  const res = (await docker().getContainer(id).infoArchive({ path })) as unknown as {
    headers: Record<string, string | string[] | undefined>;
    resume?: () => void;
  };
  res.resume?.();
  const stat = decodePathStat(res.headers['x-docker-container-path-stat']);
  if (!stat) throw new HttpError(502, 'engine_error', `The engine did not describe ${path}`);
  return stat;
}

export async function getArchive(id: string, path: string): Promise<NodeJS.ReadableStream> {
  return docker().getContainer(id).getArchive({ path });
}

/** Upper bound on what a directory listing may read through the archive API before it stops. */
const LISTING_BUDGET_BYTES = 256 * 1024 * 1024;
const LISTING_MAX_ENTRIES = 5000;

/**
 * Lists a directory through the archive API (the one `docker cp` uses): it works on stopped containers and
 * on images without a shell or `ls`. Only the tar headers are read; file bodies are skipped.
 */
export async function listDirectory(id: string, dir: string): Promise<DirectoryListing> {
  const stat = await statPath(id, dir);
  if (!isDirectoryMode(stat.mode)) throw new HttpError(400, 'bad_request', `${dir} is not a directory`);
  const base = dir.replace(/\/+$/, '') || '/';
  const archive = (await getArchive(id, base)) as Readable;
  const extract = tar.extract();
  const entries = new Map<string, FileEntry>();
  let scanned = 0;
  let truncated = false;
  return new Promise((resolve, reject) => {
    const finish = () => {
      const list = [...entries.values()].sort(
        (a, b) =>
          Number(b.type === 'directory') - Number(a.type === 'directory') || a.name.localeCompare(b.name),
      );
      resolve({ path: base, entries: list, truncated });
    };
    extract.on('entry', (header, stream, next) => {
      scanned += 512 + (header.size ?? 0);
      // The archive's first component is the directory itself (`tmp/…` for /tmp, `./…` for /).
      const parts = header.name
        .replace(/^\.?\//, '')
        .split('/')
        .filter(Boolean);
      const depth = base === '/' ? 1 : 2;
      const childName = parts[depth - 1];
      if (childName && parts.length >= depth) {
        const isDirect = parts.length === depth;
        const existing = entries.get(childName);
        if (isDirect || !existing) {
          entries.set(childName, {
            name: childName,
            path: `${base === '/' ? '' : base}/${childName}`,
            type: isDirect ? entryType(header.type) : 'directory',
            size: isDirect ? (header.size ?? 0) : 0,
            mode: header.mode ?? 0,
            modified: header.mtime ? header.mtime.getTime() : 0,
            ...(isDirect && header.linkname ? { linkTarget: header.linkname } : {}),
          });
        }
      }
      stream.on('end', next);
      stream.resume();
      if (scanned > LISTING_BUDGET_BYTES || entries.size >= LISTING_MAX_ENTRIES) {
        truncated = true;
        archive.destroy();
        extract.destroy();
        finish();
      }
    });
    extract.on('finish', finish);
    extract.on('error', (err) => (truncated ? undefined : reject(err)));
    archive.on('error', (err) => (truncated ? undefined : reject(err)));
    archive.pipe(extract);
  });
}

function entryType(type: string | null | undefined): FileEntry['type'] {
  if (type === 'directory') return 'directory';
  if (type === 'symlink' || type === 'link') return 'symlink';
  if (type === 'file' || type === 'contiguous-file') return 'file';
  return 'other';
}

/** Reads one regular file out of the archive the engine returns for it. */
export async function readFileStream(id: string, path: string): Promise<{ stream: Readable; size: number }> {
  const archive = (await getArchive(id, path)) as Readable;
  const extract = tar.extract();
  return new Promise((resolve, reject) => {
    let found = false;
    extract.on('entry', (header, stream, next) => {
      if (found || header.type !== 'file') {
        stream.on('end', next);
        stream.resume();
        return;
      }
      found = true;
      const out = new PassThrough();
      stream.pipe(out);
      stream.on('end', next);
      resolve({ stream: out, size: header.size ?? 0 });
    });
    extract.on('finish', () => {
      if (!found) reject(new HttpError(400, 'bad_request', `${path} is not a regular file`));
    });
    extract.on('error', reject);
    archive.on('error', reject);
    archive.pipe(extract);
  });
}

/** Extracts a tar stream into a directory of the container (`docker cp - container:dir`). */
export async function putArchive(id: string, dir: string, tarStream: Readable): Promise<void> {
  await docker().getContainer(id).putArchive(tarStream, { path: dir });
}

/** Wraps one uploaded file into a tar of a single entry, streaming its body. */
export function singleFileTar(name: string, size: number, body: Readable, mode = 0o644): Readable {
  const pack = tar.pack();
  const entry = pack.entry({ name, size, mode, mtime: new Date() }, (err) => {
    if (err) pack.destroy(err);
    else pack.finalize();
  });
  body.on('error', (err) => pack.destroy(err));
  body.pipe(entry);
  return pack as unknown as Readable;
}
