import type { Readable } from 'node:stream';
import type Docker from 'dockerode';
import type { EngineProgressMessage } from '@/lib/images/progress';
import type { ImageReference } from '@/lib/images/reference';
import type {
  ImageFilter,
  ImageHistoryEntry,
  ImageSummary,
  PrunePreview,
  PruneResult,
  RemoveResult,
  SearchResult,
} from '@/lib/images/types';
import { indexLocalTags, type LocalTag, namesImageById } from '@/lib/images/updates';
import { docker } from '@/server/docker/client';
import { forgetDiskUsage, systemDf } from '@/server/docker/disk-usage';
import {
  countByImage,
  filterImages,
  loadedImages,
  planImagePrune,
  removalFailure,
  sortImages,
  toHistory,
  toImageSummary,
  toRemoveResult,
  toSearchResults,
} from '@/server/docker/image-view';
import { readJsonLines } from '@/server/docker/json-lines';
import { HttpError, toHttpError } from '@/server/http/errors';

/** What the engine forwards to a registry in X-Registry-Auth (dockerode's `authconfig`). */
export interface RegistryAuth {
  username: string;
  password: string;
  serveraddress: string;
}

export interface ImageListOptions {
  all: boolean;
  filter: ImageFilter;
  search?: string;
}

/** Containers are listed alongside (without sizes) because the engine counts users only in `system df`. */
export async function listImages(opts: ImageListOptions): Promise<ImageSummary[]> {
  const [images, topLevel, containers] = await Promise.all([
    docker().listImages({ all: opts.all }),
    opts.all ? docker().listImages({ all: false }) : Promise.resolve(null),
    docker().listContainers({ all: true, size: false }),
  ]);
  const counts = countByImage(containers);
  const top = topLevel ? new Set(topLevel.map((i) => i.Id)) : undefined;
  return sortImages(
    filterImages(
      images.map((i) => toImageSummary(i, counts, top)),
      opts.filter,
      opts.search,
    ),
  );
}

/** The engine's image tags with the image each names and its repo digests (one `docker image ls`). */
export async function localImageTags(): Promise<Map<string, LocalTag>> {
  return indexLocalTags(await docker().listImages({ all: false }));
}

/**
 * How containers name their images (`docker ps -a`), with the image each runs. The engine lists the id instead
 * of the name once the tag moved to another image: those few are inspected for the name they were created with.
 */
export async function containerImageNames(): Promise<{ image: string; imageId: string }[]> {
  const list = await docker().listContainers({ all: true, size: false });
  const names: { image: string; imageId: string }[] = [];
  for (const c of list) {
    if (!namesImageById(c.Image, c.ImageID)) {
      names.push({ image: c.Image, imageId: c.ImageID });
      continue;
    }
    try {
      const info = await docker().getContainer(c.Id).inspect();
      names.push({ image: info.Config.Image, imageId: c.ImageID });
    } catch (err) {
      // Removed meanwhile: it uses nothing any more.
      if (toHttpError(err).status !== 404) throw err;
    }
  }
  return names;
}

export async function inspectImage(ref: string): Promise<Docker.ImageInspectInfo> {
  return docker().getImage(ref).inspect();
}

export async function imageHistory(ref: string): Promise<ImageHistoryEntry[]> {
  return toHistory(await docker().getImage(ref).history());
}

/** Containers using an image, for the detail page. */
export async function imageContainers(id: string): Promise<{ id: string; name: string; state: string }[]> {
  const list = await docker().listContainers({ all: true, size: false });
  return list
    .filter((c) => c.ImageID === id)
    .map((c) => ({ id: c.Id, name: (c.Names[0] ?? '').replace(/^\//, ''), state: c.State }));
}

/**
 * `docker image rm` of several references: each is removed on its own, and each failure (an image in use
 * answers 409 with the engine's conflict message) is reported without stopping the others. When every one
 * failed, it fails with the engine's words.
 */
export async function removeImages(refs: readonly string[], force: boolean): Promise<RemoveResult[]> {
  const results: RemoveResult[] = [];
  for (const ref of refs) {
    try {
      const raw = (await docker().getImage(ref).remove({ force })) as {
        Untagged?: string;
        Deleted?: string;
      }[];
      results.push(toRemoveResult(ref, raw ?? []));
    } catch (err) {
      const e = toHttpError(err);
      results.push({ ref, ok: false, untagged: [], deleted: [], error: e.message });
    }
  }
  if (results.some((r) => r.ok)) forgetDiskUsage();
  const failure = removalFailure(results);
  if (failure) throw new HttpError(failure.status, failure.code, failure.message);
  return results;
}

export async function tagImage(source: string, target: ImageReference): Promise<void> {
  await docker()
    .getImage(source)
    .tag({ repo: target.name, tag: target.tag ?? 'latest' });
}

/** `labels`: `--filter label=…` as the CLI takes it, so a prune can be limited to what one owner labelled. */
export async function previewImagePrune(all: boolean, labels: readonly string[] = []): Promise<PrunePreview> {
  // `system df` is the only place the engine says how much of each image is shared with others.
  const df = (await systemDf({ fresh: true })).raw as { Images?: Docker.ImageInfo[] };
  const containers = await docker().listContainers({ all: true, size: false });
  const used = new Set(containers.map((c) => c.ImageID));
  return planImagePrune(df.Images ?? [], used, all, labels);
}

export async function pruneImages(all: boolean, labels: readonly string[] = []): Promise<PruneResult> {
  const raw = (await docker().pruneImages({
    filters: JSON.stringify({
      dangling: [all ? 'false' : 'true'],
      ...(labels.length ? { label: labels } : {}),
    }),
  })) as { ImagesDeleted?: { Untagged?: string; Deleted?: string }[] | null; SpaceReclaimed?: number };
  forgetDiskUsage();
  const items = raw.ImagesDeleted ?? [];
  return {
    deleted: items.flatMap((i) => (i.Deleted ? [i.Deleted] : [])),
    untagged: items.flatMap((i) => (i.Untagged ? [i.Untagged] : [])),
    spaceReclaimed: raw.SpaceReclaimed ?? 0,
  };
}

/** `docker save`: one tar stream of every named image, read straight from the engine. */
export async function saveImages(refs: readonly string[]): Promise<Readable> {
  // The engine answers 200 and fails inside the stream for an unknown name: check first.
  await Promise.all(refs.map((r) => docker().getImage(r).inspect()));
  // dockerode has getImages (GET /images/get?names=…) but its typings do not.
  const engine = docker() as unknown as { getImages: (opts: { names: string[] }) => Promise<Readable> };
  return engine.getImages({ names: [...refs] });
}

/** Reads an engine progress stream to its end; an error line rejects with the engine's words. */
export async function readEngineStream(
  stream: NodeJS.ReadableStream,
  onMessage: (msg: EngineProgressMessage) => void = () => {},
): Promise<EngineProgressMessage[]> {
  const all: EngineProgressMessage[] = [];
  let failed: string | null = null;
  await readJsonLines(stream, (value) => {
    const msg = value as EngineProgressMessage;
    all.push(msg);
    if ((msg.error || msg.errorDetail?.message) && !failed)
      failed = msg.errorDetail?.message ?? msg.error ?? 'failed';
    onMessage(msg);
  });
  if (failed) throw new HttpError(400, 'bad_request', failed);
  return all;
}

/** `docker load`: the uploaded tar is streamed to the engine as it arrives, never held in memory. */
export async function loadImages(tar: Readable): Promise<{ loaded: string[] }> {
  const stream = await docker().loadImage(tar, { quiet: true });
  const messages = await readEngineStream(stream);
  const lines = messages.flatMap((m) => (m.stream ? m.stream.split('\n') : m.status ? [m.status] : []));
  const loaded = loadedImages(lines);
  if (!loaded.length)
    throw new HttpError(400, 'bad_request', 'The archive holds no image (is it a docker save tar?)');
  return { loaded };
}

/** `docker import file repo:tag`: a root filesystem tar becomes a one-layer image. */
export async function importImage(tar: Readable, target: ImageReference | null): Promise<{ id: string }> {
  const stream = await docker().importImage(
    tar,
    target ? { repo: target.name, tag: target.tag ?? 'latest' } : {},
  );
  const messages = await readEngineStream(stream);
  const id = messages.map((m) => m.status ?? '').find((s) => /^sha256:[a-f0-9]{64}$/.test(s));
  if (!id) throw new HttpError(502, 'engine_error', 'The engine did not report the imported image');
  return { id };
}

export async function searchImages(term: string, limit: number): Promise<SearchResult[]> {
  try {
    return toSearchResults(await docker().searchImages({ term, limit }));
  } catch (err) {
    const e = toHttpError(err);
    if (e.code === 'engine_unreachable') throw e;
    // The engine relays a registry it cannot reach as a 500: say so in words a user can act on.
    throw new HttpError(
      502,
      'engine_error',
      `Search failed: the engine could not reach the registry (${e.message})`,
    );
  }
}

/** Starts a pull; the caller reads (and owns) the progress stream and aborts it with `signal`. */
export async function pullStream(
  ref: ImageReference,
  auth: RegistryAuth | undefined,
  signal: AbortSignal,
): Promise<NodeJS.ReadableStream> {
  const opts: Record<string, unknown> = { fromImage: ref.name, abortSignal: signal };
  if (ref.digest) opts.fromImage = `${ref.name}@${ref.digest}`;
  else opts.tag = ref.tag ?? 'latest';
  if (auth) opts.authconfig = auth;
  return docker().createImage(opts);
}

export async function pushStream(
  ref: ImageReference,
  auth: RegistryAuth | undefined,
  signal: AbortSignal,
): Promise<NodeJS.ReadableStream> {
  // The engine needs some X-Registry-Auth header on push, even an empty one, or it answers 400.
  const authconfig = auth ?? { username: '', password: '', serveraddress: ref.domain };
  return (await docker()
    .getImage(ref.name)
    .push({ tag: ref.tag ?? 'latest', authconfig, abortSignal: signal })) as NodeJS.ReadableStream;
}

export interface BuildOptions {
  tags: readonly string[];
  buildArgs: Record<string, string>;
  target?: string;
  /** The Dockerfile's path inside the context. */
  dockerfile?: string;
  noCache?: boolean;
  pull?: boolean;
}

/**
 * Starts `docker build` (the legacy builder of `POST /build`, which every engine has) on a context tar; the
 * caller reads (and owns) the progress stream and aborts the build with `signal`.
 */
export async function buildStream(
  context: Readable,
  opts: BuildOptions,
  signal: AbortSignal,
): Promise<NodeJS.ReadableStream> {
  const options: Record<string, unknown> = { rm: true, forcerm: true, abortSignal: signal };
  // An array becomes one `t=` per tag, as `docker build -t a -t b` sends.
  if (opts.tags.length) options.t = [...opts.tags];
  if (Object.keys(opts.buildArgs).length) options.buildargs = opts.buildArgs;
  if (opts.target) options.target = opts.target;
  if (opts.dockerfile) options.dockerfile = opts.dockerfile;
  if (opts.noCache) options.nocache = true;
  if (opts.pull) options.pull = true;
  return (await docker().buildImage(
    context as unknown as NodeJS.ReadableStream,
    options as Parameters<Docker['buildImage']>[1],
  )) as NodeJS.ReadableStream;
}

/** `docker login` through the engine (it talks to the registry, as the CLI's login does). */
export async function checkRegistryLogin(auth: RegistryAuth): Promise<{ status: string }> {
  const res = (await docker().checkAuth(auth)) as { Status?: string };
  return { status: res?.Status ?? 'Login Succeeded' };
}
