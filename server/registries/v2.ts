import { z } from 'zod';
import { REPOSITORY_PATH, TAG } from '@/lib/images/reference';
import type { RegistryTag } from '@/lib/registries/types';
import { HttpError } from '@/server/http/errors';

/**
 * A small Registry v2 API client (the HTTP API `docker push` and `docker pull` speak), used from the server
 * only: the browser never talks to a registry, and never sees its credentials.
 */

export interface V2Target {
  /** `http(s)://host[:port]` as stored in the registry settings. */
  url: string;
  host: string;
  username?: string;
  password?: string;
}

const TIMEOUT_MS = 10_000;
const CATALOG_PAGE = 1000;
const MAX_CATALOG_PAGES = 20;
const MAX_TAGS_DESCRIBED = 200;
/** Every manifest kind `docker pull` accepts: the registry answers the tag's top-level one (an index stays one). */
export const MANIFEST_ACCEPT = [
  'application/vnd.docker.distribution.manifest.v2+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.oci.image.index.v1+json',
].join(', ');

/** `Bearer realm="…",service="…",scope="…"` → its parameters (quoted values may hold commas). */
export function parseChallenge(
  header: string | null,
): { scheme: string; params: Record<string, string> } | null {
  if (!header) return null;
  const m = /^(\w+)\s*(.*)$/s.exec(header.trim());
  if (!m?.[1]) return null;
  const params: Record<string, string> = {};
  for (const p of (m[2] ?? '').matchAll(/(\w+)=(?:"((?:[^"\\]|\\.)*)"|([^,\s]*))/g)) {
    if (p[1]) params[p[1].toLowerCase()] = (p[2] ?? p[3] ?? '').replace(/\\(.)/g, '$1');
  }
  return { scheme: m[1].toLowerCase(), params };
}

/** What the registry answers, as far as Berth reads it (unknown fields are ignored). */
const descriptorSchema = z.object({ size: z.number().optional(), mediaType: z.string().optional() });
const manifestSchema = z.object({
  mediaType: z.string().optional(),
  config: descriptorSchema.optional(),
  layers: z.array(descriptorSchema).optional(),
  manifests: z.array(descriptorSchema).optional(),
});
type Manifest = z.output<typeof manifestSchema>;
const errorsSchema = z.object({
  errors: z.array(z.object({ code: z.string().optional(), message: z.string().optional() })).optional(),
});
const tokenSchema = z.object({ token: z.string().optional(), access_token: z.string().optional() });
const catalogSchema = z.object({ repositories: z.array(z.string()).nullish() });
const tagListSchema = z.object({ tags: z.array(z.string()).nullish() });

/** The JSON body if it has the schema's shape, else undefined (not JSON, or another shape). */
async function readBody<S extends z.ZodType>(res: Response, schema: S): Promise<z.output<S> | undefined> {
  const text = await res.text().catch(() => '');
  try {
    const parsed = schema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** Bytes a `docker pull` of this manifest downloads: config plus compressed layers; null for an index. */
export function manifestSize(manifest: Manifest): number | null {
  if (manifest.manifests) return null;
  if (!manifest.layers) return null;
  return (manifest.config?.size ?? 0) + manifest.layers.reduce((sum, l) => sum + (l.size ?? 0), 0);
}

/** The `next` link of a paginated catalog: `</v2/_catalog?last=x&n=100>; rel="next"`. */
export function nextLink(header: string | null): string | null {
  const m = header ? /<([^>]+)>\s*;\s*rel="?next"?/.exec(header) : null;
  return m?.[1] ?? null;
}

function basic(target: V2Target): string | null {
  if (!target.username && !target.password) return null;
  return `Basic ${Buffer.from(`${target.username ?? ''}:${target.password ?? ''}`).toString('base64')}`;
}

function unreachable(target: V2Target, err: unknown, timeoutMs = TIMEOUT_MS): HttpError {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  const why =
    (err as Error).name === 'TimeoutError'
      ? `no answer within ${timeoutMs / 1000} s`
      : (cause?.code ?? cause?.message ?? (err as Error).message);
  return new HttpError(502, 'engine_error', `Registry ${target.host} unreachable at ${target.url}: ${why}`);
}

export async function registryErrorText(res: Response): Promise<string> {
  const text = await res.text().catch(() => '');
  let first: { code?: string; message?: string } | undefined;
  try {
    first = errorsSchema.safeParse(JSON.parse(text)).data?.errors?.[0];
  } catch {
    // not JSON: the text itself tells
  }
  if (first) return [first.code, first.message].filter(Boolean).join(': ');
  return text.slice(0, 200) || res.statusText;
}

/**
 * One request, answering a Bearer challenge with a token from the registry's auth server if needed. Each
 * request has TIMEOUT_MS; with `timeoutMs`, the whole exchange (challenge, token, request) has that deadline.
 */
export async function v2Fetch(
  target: V2Target,
  path: string,
  init: { method?: string; accept?: string; timeoutMs?: number } = {},
): Promise<Response> {
  const url = new URL(path, `${target.url}/`).toString();
  const headers: Record<string, string> = {};
  if (init.accept) headers.accept = init.accept;
  const auth = basic(target);
  const limit = init.timeoutMs ?? TIMEOUT_MS;
  const whole = init.timeoutMs === undefined ? null : AbortSignal.timeout(init.timeoutMs);
  const deadline = () => whole ?? AbortSignal.timeout(TIMEOUT_MS);
  const send = async (authorization: string | null) => {
    try {
      return await fetch(url, {
        method: init.method ?? 'GET',
        headers: { ...headers, ...(authorization ? { authorization } : {}) },
        redirect: 'follow',
        signal: deadline(),
      });
    } catch (err) {
      throw unreachable(target, err, limit);
    }
  };
  let res = await send(auth);
  if (res.status !== 401) return res;
  const challenge = parseChallenge(res.headers.get('www-authenticate'));
  if (challenge?.scheme !== 'bearer' || !challenge.params.realm) return res;
  await res.body?.cancel();
  const tokenUrl = new URL(challenge.params.realm);
  if (challenge.params.service) tokenUrl.searchParams.set('service', challenge.params.service);
  if (challenge.params.scope) tokenUrl.searchParams.set('scope', challenge.params.scope);
  let tokenRes: Response;
  try {
    tokenRes = await fetch(tokenUrl, {
      headers: auth ? { authorization: auth } : {},
      signal: deadline(),
    });
  } catch (err) {
    throw unreachable({ ...target, url: tokenUrl.origin, host: tokenUrl.host }, err, limit);
  }
  if (!tokenRes.ok) return tokenRes;
  const body = await readBody(tokenRes, tokenSchema);
  const token = body?.token ?? body?.access_token;
  if (!token) return tokenRes;
  res = await send(`Bearer ${token}`);
  return res;
}

function unexpected(target: V2Target, what: string): HttpError {
  return new HttpError(502, 'engine_error', `Registry ${target.host} answered ${what} in an unexpected form`);
}

async function ok(target: V2Target, res: Response, what: string): Promise<Response> {
  if (res.ok) return res;
  const detail = await registryErrorText(res);
  if (res.status === 401)
    throw new HttpError(
      502,
      'engine_error',
      `Registry ${target.host} refused the credentials for ${what} (401 Unauthorized): check the username and password in the registry settings`,
    );
  if (res.status === 404)
    throw new HttpError(404, 'not_found', `${what}: not found on ${target.host} (${detail})`);
  if (res.status === 405)
    throw new HttpError(
      409,
      'conflict',
      `Registry ${target.host} does not allow ${what} (405 ${detail}); a distribution registry needs storage.delete.enabled`,
    );
  throw new HttpError(
    502,
    'engine_error',
    `Registry ${target.host} answered ${res.status} for ${what}: ${detail}`,
  );
}

export async function listRepositories(target: V2Target): Promise<string[]> {
  const names: string[] = [];
  let path: string | null = `/v2/_catalog?n=${CATALOG_PAGE}`;
  for (let page = 0; path && page < MAX_CATALOG_PAGES; page++) {
    const res = await ok(target, await v2Fetch(target, path), 'the repository catalog');
    const body = await readBody(res, catalogSchema);
    if (!body) throw unexpected(target, 'the repository catalog');
    names.push(...(body.repositories ?? []));
    path = nextLink(res.headers.get('link'));
  }
  return names.sort();
}

export function checkRepository(name: string): string {
  if (!REPOSITORY_PATH.test(name)) throw new HttpError(400, 'bad_request', `Not a repository name: ${name}`);
  return name;
}

async function describeTag(target: V2Target, repository: string, tag: string): Promise<RegistryTag> {
  const res = await ok(
    target,
    await v2Fetch(target, `/v2/${repository}/manifests/${tag}`, { accept: MANIFEST_ACCEPT }),
    `${repository}:${tag}`,
  );
  const digest = res.headers.get('docker-content-digest');
  const manifest = (await readBody(res, manifestSchema)) ?? {};
  return {
    tag,
    digest,
    size: manifestSize(manifest),
    mediaType: manifest.mediaType ?? res.headers.get('content-type'),
    reference: `${target.host}/${repository}:${tag}`,
  };
}

/** Tags with their manifest digest and size; only the first MAX_TAGS_DESCRIBED are described (a request each). */
export async function listTags(target: V2Target, repository: string): Promise<RegistryTag[]> {
  checkRepository(repository);
  const res = await ok(target, await v2Fetch(target, `/v2/${repository}/tags/list`), repository);
  const body = await readBody(res, tagListSchema);
  if (!body) throw unexpected(target, `the tags of ${repository}`);
  const tags = (body.tags ?? []).sort();
  const bare = (tag: string): RegistryTag => ({
    tag,
    digest: null,
    size: null,
    mediaType: null,
    reference: `${target.host}/${repository}:${tag}`,
  });
  const described: RegistryTag[] = [];
  const head = tags.slice(0, MAX_TAGS_DESCRIBED);
  for (let i = 0; i < head.length; i += 8) {
    const batch = head.slice(i, i + 8);
    described.push(
      ...(await Promise.all(batch.map((tag) => describeTag(target, repository, tag).catch(() => bare(tag))))),
    );
  }
  return [...described, ...tags.slice(MAX_TAGS_DESCRIBED).map(bare)];
}

/**
 * Deletes the manifest a tag points at (the v2 API deletes by digest, so every tag on that manifest goes).
 * Registries that do not allow deleting answer 405, reported as such.
 */
export async function deleteTag(
  target: V2Target,
  repository: string,
  tag: string,
): Promise<{ digest: string }> {
  checkRepository(repository);
  if (!TAG.test(tag)) throw new HttpError(400, 'bad_request', `Not a tag: ${tag}`);
  const head = await ok(
    target,
    await v2Fetch(target, `/v2/${repository}/manifests/${tag}`, { method: 'HEAD', accept: MANIFEST_ACCEPT }),
    `${repository}:${tag}`,
  );
  const digest = head.headers.get('docker-content-digest');
  if (!digest)
    throw new HttpError(
      502,
      'engine_error',
      `Registry ${target.host} did not give the digest of ${repository}:${tag}`,
    );
  const res = await v2Fetch(target, `/v2/${repository}/manifests/${digest}`, { method: 'DELETE' });
  await ok(target, res, `deleting ${repository}:${tag}`);
  await res.body?.cancel();
  return { digest };
}
