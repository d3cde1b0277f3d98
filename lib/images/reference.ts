/**
 * Image references normalised the way the docker CLI does (github.com/distribution/reference,
 * ParseNormalizedNamed): `busybox` is `docker.io/library/busybox:latest`, `me/app` is `docker.io/me/app`,
 * and a first component with a dot, a colon or `localhost` is a registry host.
 */

export const DEFAULT_DOMAIN = 'docker.io';
const LEGACY_DEFAULT_DOMAIN = 'index.docker.io';
const OFFICIAL_PREFIX = 'library/';
export const DEFAULT_TAG = 'latest';
const NAME_TOTAL_MAX = 255;

const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const DOMAIN =
  /^(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])(?:\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))*(?::[0-9]+)?$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}$/;
const HEX64 = /^[a-f0-9]{64}$/;

export interface ImageReference {
  /** Registry host[:port], `docker.io` for Docker Hub. */
  domain: string;
  /** Repository path inside the registry, `library/busybox` for official images. */
  path: string;
  tag: string | null;
  digest: string | null;
  /** `docker.io/library/busybox` */
  name: string;
  /** What the engine is asked for: `docker.io/library/busybox:latest` (a digest wins over a tag). */
  full: string;
  /** What the CLI prints: `busybox:latest`, `127.0.0.1:5400/app:1`. */
  familiar: string;
}

export type ParseResult = { ok: true; ref: ImageReference } | { ok: false; error: string };

function splitDomain(name: string): { domain: string; remainder: string } {
  const slash = name.indexOf('/');
  const first = slash === -1 ? '' : name.slice(0, slash);
  const isHost =
    slash !== -1 &&
    (first.includes('.') || first.includes(':') || first === 'localhost' || first.toLowerCase() !== first);
  let domain = isHost ? first : DEFAULT_DOMAIN;
  let remainder = isHost ? name.slice(slash + 1) : name;
  if (domain === LEGACY_DEFAULT_DOMAIN) domain = DEFAULT_DOMAIN;
  if (domain === DEFAULT_DOMAIN && !remainder.includes('/')) remainder = OFFICIAL_PREFIX + remainder;
  return { domain, remainder };
}

/** Parses `name[:tag][@digest]`. With `defaultTag` (the CLI's pull/push), a bare name gets `:latest`. */
export function parseImageReference(input: string, opts: { defaultTag?: boolean } = {}): ParseResult {
  const raw = input.trim();
  if (!raw) return { ok: false, error: 'An image reference is required' };
  if (/\s/.test(raw)) return { ok: false, error: 'An image reference cannot contain spaces' };
  if (HEX64.test(raw))
    return { ok: false, error: 'A 64-character hexadecimal string is an image id, not a repository name' };

  let rest = raw;
  let digest: string | null = null;
  const at = rest.indexOf('@');
  if (at !== -1) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) return { ok: false, error: `Invalid digest "${digest}"` };
  }
  let tag: string | null = null;
  // A colon after the last slash is a tag; before it, a registry port.
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag)) return { ok: false, error: `Invalid tag "${tag}"` };
  }
  if (!rest) return { ok: false, error: 'The repository name is missing' };
  if (rest.length > NAME_TOTAL_MAX)
    return { ok: false, error: `Repository name must not be longer than ${NAME_TOTAL_MAX} characters` };

  const { domain, remainder } = splitDomain(rest);
  if (!DOMAIN.test(domain)) return { ok: false, error: `Invalid registry host "${domain}"` };
  if (remainder.toLowerCase() !== remainder)
    return { ok: false, error: `Repository name must be lowercase: "${remainder}"` };
  const components = remainder.split('/');
  if (components.some((c) => !PATH_COMPONENT.test(c)))
    return {
      ok: false,
      error: `Invalid repository name "${remainder}": use lowercase letters, digits and . _ - separators`,
    };

  if (!tag && !digest && opts.defaultTag) tag = DEFAULT_TAG;
  const name = `${domain}/${remainder}`;
  const suffix = digest ? `@${digest}` : tag ? `:${tag}` : '';
  return {
    ok: true,
    ref: {
      domain,
      path: remainder,
      tag,
      digest,
      name,
      full: name + suffix,
      familiar: familiarName(name) + suffix,
    },
  };
}

/** `docker.io/library/busybox` → `busybox`, `docker.io/me/app` → `me/app`; other registries unchanged. */
export function familiarName(name: string): string {
  if (!name.startsWith(`${DEFAULT_DOMAIN}/`)) return name;
  const rest = name.slice(DEFAULT_DOMAIN.length + 1);
  return rest.startsWith(OFFICIAL_PREFIX) && !rest.slice(OFFICIAL_PREFIX.length).includes('/')
    ? rest.slice(OFFICIAL_PREFIX.length)
    : rest;
}

/** The host a registry URL or an image domain stands for, for matching stored credentials. */
export function registryHost(urlOrDomain: string): string {
  const trimmed = urlOrDomain.trim().replace(/\/+$/, '');
  let host = trimmed;
  try {
    if (/^[a-z]+:\/\//i.test(trimmed)) host = new URL(trimmed).host;
  } catch {
    // not a URL: keep it as a host
  }
  host = host.toLowerCase();
  if (host === LEGACY_DEFAULT_DOMAIN || host === 'registry-1.docker.io') return DEFAULT_DOMAIN;
  return host;
}
