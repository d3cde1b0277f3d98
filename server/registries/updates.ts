import { createHash } from 'node:crypto';
import { type ImageReference, parseImageReference } from '@/lib/images/reference';
import type { ImageUpdateStatus } from '@/lib/images/types';
import {
  containerTagReference,
  decideUpdateStatus,
  defaultRegistryUrl,
  type LocalTag,
  manifestPath,
  type RegistryAnswer,
  repoDigestsFor,
  UPDATE_CHECK_CONCURRENCY,
  UPDATE_CHECK_DEADLINE_MS,
  UPDATE_CHECK_TTL_MS,
} from '@/lib/images/updates';
import { contextValue } from '@/server/context';
import { containerImageNames, localImageTags } from '@/server/docker/images';
import { HttpError, toHttpError } from '@/server/http/errors';
import { mapLimit } from '@/server/map-limit';
import { credentialsFor, type RegistryCredentials } from '@/server/registries/store';
import { MANIFEST_ACCEPT, type V2Target, v2Fetch } from '@/server/registries/v2';

/**
 * "Update available" (issue 15): a tag's local repo digest against the registry's manifest digest for it.
 * Registries are asked only by `checkImageUpdates` (an explicit check); what they said is kept in the server
 * context and read back by `cachedImageUpdates`, which never leaves the machine. The status itself is decided
 * again on every read from the kept registry digest and the image the tag names now, so a pull since the check
 * shows `current` without asking the registry again.
 */

interface KeptAnswer {
  /** null: not asked (no repo digest to compare with). */
  answer: RegistryAnswer | null;
  checkedAt: number;
}

export interface ImageUpdateCache {
  /** By full reference (`docker.io/library/busybox:latest`). */
  answers: Map<string, KeptAnswer>;
  /** Checks under way by full reference: a second caller joins the first instead of asking again. */
  inFlight: Map<string, Promise<KeptAnswer>>;
}

function cache(): ImageUpdateCache {
  return contextValue('imageUpdates', () => ({ answers: new Map(), inFlight: new Map() }));
}

function refusal(status: number, statusText: string, ref: ImageReference, creds: RegistryCredentials | null) {
  const host = ref.domain;
  if (status === 401)
    return creds?.auth
      ? `Registry ${host} refused the stored credentials of "${creds.name}" for ${ref.path} (401 Unauthorized)`
      : `Registry ${host} answered 401 Unauthorized for ${ref.path}: no credentials are stored for it (add it under Registries)`;
  if (status === 403)
    return `Registry ${host} does not let these credentials pull ${ref.path} (403 Forbidden)`;
  if (status === 404) return `${ref.familiar} was not found on ${host} (404 Not Found)`;
  if (status === 429) return `Registry ${host} refused: too many requests (429); try again later`;
  return `Registry ${host} answered ${status} ${statusText} for ${ref.familiar}`;
}

/** The digest `docker pull` would record for the tag: `Docker-Content-Digest` of its top-level manifest. */
async function askRegistry(ref: ImageReference): Promise<RegistryAnswer> {
  let creds: RegistryCredentials | null;
  try {
    creds = credentialsFor(ref);
  } catch (err) {
    return { error: toHttpError(err).message }; // a password this install cannot decrypt
  }
  const target: V2Target = {
    // Docker Hub's stored URL is the index (`https://index.docker.io/v1/`); its v2 API lives elsewhere.
    url: ref.domain === 'docker.io' || !creds ? defaultRegistryUrl(ref.domain) : creds.url,
    host: ref.domain,
    ...(creds?.auth ? { username: creds.auth.username, password: creds.auth.password } : {}),
  };
  const started = Date.now();
  try {
    const head = await v2Fetch(target, manifestPath(ref), {
      method: 'HEAD',
      accept: MANIFEST_ACCEPT,
      timeoutMs: UPDATE_CHECK_DEADLINE_MS,
    });
    await head.body?.cancel();
    if (!head.ok) return { error: refusal(head.status, head.statusText, ref, creds) };
    const digest = head.headers.get('docker-content-digest');
    if (digest) return { digest };
    // A registry that leaves the header off a HEAD: the digest is the sha256 of the manifest's bytes.
    const res = await v2Fetch(target, manifestPath(ref), {
      accept: MANIFEST_ACCEPT,
      timeoutMs: Math.max(1, UPDATE_CHECK_DEADLINE_MS - (Date.now() - started)),
    });
    if (!res.ok) return { error: refusal(res.status, res.statusText, ref, creds) };
    const bytes = Buffer.from(await res.arrayBuffer());
    return {
      digest:
        res.headers.get('docker-content-digest') ??
        `sha256:${createHash('sha256').update(bytes).digest('hex')}`,
    };
  } catch (err) {
    return { error: toHttpError(err).message };
  }
}

/** Asks once per reference at a time: a check of a reference already under way is joined. */
function askOnce(ref: ImageReference): Promise<KeptAnswer> {
  const { answers, inFlight } = cache();
  const running = inFlight.get(ref.full);
  if (running) return running;
  const asked = askRegistry(ref)
    .then((answer) => {
      const kept = { answer, checkedAt: Date.now() };
      answers.set(ref.full, kept);
      return kept;
    })
    .finally(() => inFlight.delete(ref.full));
  inFlight.set(ref.full, asked);
  return asked;
}

function statusOf(ref: ImageReference, tag: LocalTag, kept: KeptAnswer): ImageUpdateStatus {
  return decideUpdateStatus({
    reference: tag.reference,
    imageId: tag.imageId,
    localDigests: repoDigestsFor(tag.repoDigests, ref),
    answer: kept.answer,
    checkedAt: kept.checkedAt,
  });
}

/** The references a body names, each a local tag; a bad one is a 400 naming its index, a missing one a 404. */
function namedReferences(references: readonly string[], tags: Map<string, LocalTag>): ImageReference[] {
  return references.map((input, index) => {
    const field = `body.references.${index}`;
    const parsed = parseImageReference(input, { defaultTag: true });
    if (!parsed.ok)
      throw new HttpError(400, 'bad_request', parsed.error, [{ path: field, message: parsed.error }]);
    if (parsed.ref.digest) {
      const message = `${input} is pinned by digest: there is no tag to update`;
      throw new HttpError(400, 'bad_request', message, [{ path: field, message }]);
    }
    if (!tags.has(parsed.ref.full)) {
      const message = `No local image is tagged ${parsed.ref.familiar}`;
      throw new HttpError(404, 'not_found', message, [{ path: field, message }]);
    }
    return parsed.ref;
  });
}

/** The tags containers name their images by, that still name a local image. */
async function tagsInUse(tags: Map<string, LocalTag>): Promise<ImageReference[]> {
  const refs: ImageReference[] = [];
  for (const { image, imageId } of await containerImageNames()) {
    const ref = containerTagReference(image, imageId);
    if (ref && tags.has(ref.full)) refs.push(ref);
  }
  return refs;
}

/**
 * Checks now: the given references, or every tag a container uses. A tag without a repo digest for its
 * repository (built, loaded or imported here) is `local` without asking the registry.
 */
export async function checkImageUpdates(references?: readonly string[]): Promise<ImageUpdateStatus[]> {
  const tags = await localImageTags();
  const refs = references ? namedReferences(references, tags) : await tagsInUse(tags);
  const unique = [...new Map(refs.map((r) => [r.full, r])).values()];
  const statuses = await mapLimit(unique, UPDATE_CHECK_CONCURRENCY, async (ref) => {
    const tag = tags.get(ref.full) as LocalTag;
    let kept: KeptAnswer;
    if (repoDigestsFor(tag.repoDigests, ref).length === 0) {
      kept = { answer: null, checkedAt: Date.now() };
      cache().answers.set(ref.full, kept);
    } else {
      kept = await askOnce(ref);
    }
    return statusOf(ref, tag, kept);
  });
  return statuses.sort((a, b) => a.reference.localeCompare(b.reference));
}

/**
 * What the last checks found, decided against the tags as they are now; answers older than the TTL are
 * dropped, and so are tags gone since. Never asks a registry.
 */
export async function cachedImageUpdates(now = Date.now()): Promise<ImageUpdateStatus[]> {
  const { answers } = cache();
  for (const [full, kept] of answers) if (now - kept.checkedAt > UPDATE_CHECK_TTL_MS) answers.delete(full);
  if (answers.size === 0) return [];
  const tags = await localImageTags();
  const statuses: ImageUpdateStatus[] = [];
  for (const [full, kept] of answers) {
    const tag = tags.get(full);
    const parsed = parseImageReference(full);
    if (!tag || !parsed.ok) continue;
    const status = statusOf(parsed.ref, tag, kept);
    // Not asked because nothing was pulled, but pulled since: nothing to say until the next check.
    if (!kept.answer && status.status !== 'local') continue;
    statuses.push(status);
  }
  return statuses.sort((a, b) => a.reference.localeCompare(b.reference));
}
