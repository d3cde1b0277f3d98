import { type ImageReference, parseImageReference } from '@/lib/images/reference';
import type { ImageUpdateStatus } from '@/lib/images/types';

// Kept here too for their callers; their own module lets the browser's update hooks skip reference parsing.
export { inspectRemoteCommand, mergeUpdateStatuses } from '@/lib/images/update-status';

/**
 * Update checks (issue 15), the pure part: which local repo digest speaks for a reference, and what the
 * registry's answer means for it. Shared with the browser (no Node imports).
 */

/** How long a registry answer is shown (there is no background re-check: an older one is dropped). */
export const UPDATE_CHECK_TTL_MS = 6 * 60 * 60 * 1000;
/** Registry calls at once during a check. */
export const UPDATE_CHECK_CONCURRENCY = 4;
/** One registry check (challenge, token and HEAD together) gives up after this. */
export const UPDATE_CHECK_DEADLINE_MS = 5_000;
/** References in one POST body. */
export const UPDATE_CHECK_MAX_REFERENCES = 200;

/** What the registry said for a tag: its manifest digest, or why there is none. */
export type RegistryAnswer = { digest: string; error?: undefined } | { digest?: undefined; error: string };

/**
 * The repo digests of an image that belong to the reference's repository. An image lists one per repository
 * it was pulled from or pushed to (`127.0.0.1:5400/app@sha256:…`), sometimes several for one repository
 * (pushed again after a manifest change); other repositories' digests say nothing about this one.
 */
export function repoDigestsFor(repoDigests: readonly string[], ref: ImageReference): string[] {
  const digests: string[] = [];
  for (const entry of repoDigests) {
    const parsed = parseImageReference(entry);
    if (!parsed.ok || !parsed.ref.digest) continue;
    if (parsed.ref.name === ref.name && !digests.includes(parsed.ref.digest)) digests.push(parsed.ref.digest);
  }
  return digests;
}

/**
 * The status of a reference from its local image and the registry's answer (null: not asked, because there is
 * nothing local to compare with). `current` when any repo digest of the repository is the registry's: that
 * content is here, as `docker pull` would find ("Image is up to date").
 */
export function decideUpdateStatus(input: {
  reference: string;
  imageId: string;
  localDigests: readonly string[];
  answer: RegistryAnswer | null;
  checkedAt: number;
}): ImageUpdateStatus {
  const { reference, imageId, localDigests, answer, checkedAt } = input;
  const base = { reference, imageId, checkedAt };
  const first = localDigests[0] ?? null;
  if (!first) return { ...base, status: 'local', localDigest: null, remoteDigest: null, error: null };
  if (!answer)
    return {
      ...base,
      status: 'unknown',
      localDigest: first,
      remoteDigest: null,
      error: 'The registry was not asked yet',
    };
  if (answer.error !== undefined)
    return { ...base, status: 'unknown', localDigest: first, remoteDigest: null, error: answer.error };
  const same = localDigests.includes(answer.digest);
  return {
    ...base,
    status: same ? 'current' : 'available',
    localDigest: same ? answer.digest : first,
    remoteDigest: answer.digest,
    error: null,
  };
}

/**
 * The tag a container names its image by, as `docker pull` would take it (`busybox` → `busybox:latest`), or
 * null when it names none: an image id (the engine lists the id once the tag moved to another image, or when
 * the container was created by id) or a digest (pinned: there is nothing to update).
 */
export function containerTagReference(image: string, imageId: string): ImageReference | null {
  if (namesImageById(image, imageId)) return null;
  const parsed = parseImageReference(image, { defaultTag: true });
  if (!parsed.ok || parsed.ref.digest || !parsed.ref.tag) return null;
  return parsed.ref;
}

/** Whether the engine lists a container's image by id instead of by name (its tag now names another image). */
export function namesImageById(image: string, imageId: string): boolean {
  const bare = image.replace(/^sha256:/, '');
  const id = imageId.replace(/^sha256:/, '');
  return image.startsWith('sha256:') || (/^[a-f0-9]{12,64}$/.test(bare) && id.startsWith(bare));
}

/** The registry request that answers whether a tag moved (for the HEAD, the digest is in a header). */
export function manifestPath(ref: ImageReference): string {
  return `/v2/${ref.path}/manifests/${ref.tag ?? 'latest'}`;
}

/** The v2 API base of a registry without stored settings: Docker Hub's API host; https elsewhere except on loopback. */
export function defaultRegistryUrl(domain: string): string {
  if (domain === 'docker.io') return 'https://registry-1.docker.io';
  const host = domain.replace(/:\d+$/, '').replace(/^\[|\]$/g, '');
  // dockerd speaks plain HTTP to loopback registries (insecure by default), so the check does as well.
  const loopback = host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
  return `${loopback ? 'http' : 'https'}://${domain}`;
}

/** A local tag (`docker image ls`): the image it names now and that image's repo digests. */
export interface LocalTag {
  /** As the engine lists it: `busybox:latest`, `127.0.0.1:5400/app:1`. */
  reference: string;
  imageId: string;
  repoDigests: string[];
}

/** The engine's tags by full reference (`docker.io/library/busybox:latest`), so any spelling finds its tag. */
export function indexLocalTags(
  images: readonly { Id: string; RepoTags?: string[] | null; RepoDigests?: string[] | null }[],
): Map<string, LocalTag> {
  const index = new Map<string, LocalTag>();
  for (const image of images) {
    for (const tag of image.RepoTags ?? []) {
      const parsed = parseImageReference(tag, { defaultTag: true });
      if (!parsed.ok || parsed.ref.digest) continue; // `<none>:<none>`
      index.set(parsed.ref.full, {
        reference: parsed.ref.familiar,
        imageId: image.Id,
        repoDigests: image.RepoDigests ?? [],
      });
    }
  }
  return index;
}
