import { isIPv6Address } from '@/lib/forms/ipv6';

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

const COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const PATH_COMPONENT = new RegExp(`^${COMPONENT}$`);
/** A repository path below a registry (`team/app`), as the Registry v2 API names it. */
export const REPOSITORY_PATH = new RegExp(`^${COMPONENT}(?:/${COMPONENT})*$`);
const DOMAIN_COMPONENT = /^[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?$/;
export const TAG = /^\w[\w.-]{0,127}$/;
/** go-digest's registered algorithms and their lengths: `docker pull x@md5:…` or a short sha256 is refused. */
const DIGEST_HEX: Record<string, RegExp> = {
  sha256: /^[a-f0-9]{64}$/,
  sha384: /^[a-f0-9]{96}$/,
  sha512: /^[a-f0-9]{128}$/,
};
const HEX64 = /^[a-f0-9]{64}$/;

/** A reference as it was written: `registry` only when it names one, nothing normalised. */
export interface WrittenReference {
  /** `host[:port]`, IPv6 hosts in brackets. */
  registry?: string;
  /** The path below the registry: `nginx`, `library/nginx`, `team/app`. */
  repository: string;
  tag?: string;
  digest?: string;
}

export type SplitResult = { ok: true; parts: WrittenReference } | { ok: false; error: string };

function isRegistryHost(registry: string): boolean {
  const match = /^(\[[^\]]*\]|[^:]*)(?::(\d+))?$/.exec(registry);
  if (!match) return false;
  const host = match[1] ?? '';
  if (host.startsWith('[')) return isIPv6Address(host.slice(1, -1));
  return host.split('.').every((c) => DOMAIN_COMPONENT.test(c));
}

/**
 * Docker's reference grammar (github.com/distribution/reference, with go-digest's digest checks):
 * `[host[:port]/]path[:tag][@algorithm:hex]`, read as written. The first component is a registry host only
 * when it looks like one (a dot, a colon, `localhost` or an uppercase letter), as the CLI decides.
 */
export function splitImageReference(ref: string): SplitResult {
  const fail = (error: string): SplitResult => ({ ok: false, error });
  if (!ref) return fail('An image reference is required');
  if (/\s/.test(ref)) return fail('An image reference cannot contain spaces');
  let rest = ref;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    const colon = digest.indexOf(':');
    const hex = DIGEST_HEX[digest.slice(0, colon)];
    if (colon < 0 || !hex?.test(digest.slice(colon + 1)))
      return fail(`Invalid digest "${digest}": expected sha256: and 64 lowercase hex digits`);
  }
  let tag: string | undefined;
  // A colon after the last slash is a tag; before it, a registry port.
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag))
      return fail(
        `Invalid tag "${tag}": letters, digits, "_", "." and "-", at most 128, not starting with . or -`,
      );
  }
  if (!rest) return fail('The repository name is missing');
  if (rest.length > NAME_TOTAL_MAX)
    return fail(`Repository name must not be longer than ${NAME_TOTAL_MAX} characters`);
  const components = rest.split('/');
  const first = components[0] ?? '';
  let registry: string | undefined;
  if (
    components.length > 1 &&
    (/[.:]/.test(first) || first === 'localhost' || first.toLowerCase() !== first)
  ) {
    registry = first;
    components.shift();
    if (!isRegistryHost(registry)) return fail(`Invalid registry host "${registry}"`);
  }
  const repository = components.join('/');
  for (const component of components) {
    if (PATH_COMPONENT.test(component)) continue;
    if (PATH_COMPONENT.test(component.toLowerCase()))
      return fail(`Repository name must be lowercase: "${repository}"`);
    return fail(
      `Invalid repository name "${repository}": ${component === '' ? 'a path component is empty' : 'use lowercase letters, digits and . _ - separators'}`,
    );
  }
  return {
    ok: true,
    parts: {
      ...(registry === undefined ? {} : { registry }),
      repository,
      ...(tag === undefined ? {} : { tag }),
      ...(digest === undefined ? {} : { digest }),
    },
  };
}

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

/**
 * Parses `name[:tag][@digest]` and normalises it as `docker pull` does. With `defaultTag` (the CLI's pull
 * and push), a bare name gets `:latest`.
 */
export function parseImageReference(input: string, opts: { defaultTag?: boolean } = {}): ParseResult {
  const raw = input.trim();
  if (HEX64.test(raw))
    return { ok: false, error: 'A 64-character hexadecimal string is an image id, not a repository name' };
  const split = splitImageReference(raw);
  if (!split.ok) return split;
  const { parts } = split;
  let domain = parts.registry ?? DEFAULT_DOMAIN;
  if (domain === LEGACY_DEFAULT_DOMAIN) domain = DEFAULT_DOMAIN;
  const path =
    domain === DEFAULT_DOMAIN && !parts.repository.includes('/')
      ? OFFICIAL_PREFIX + parts.repository
      : parts.repository;
  const digest = parts.digest ?? null;
  const tag = parts.tag ?? (!digest && opts.defaultTag ? DEFAULT_TAG : null);
  const name = `${domain}/${path}`;
  const suffix = digest ? `@${digest}` : tag ? `:${tag}` : '';
  return {
    ok: true,
    ref: { domain, path, tag, digest, name, full: name + suffix, familiar: familiarName(name) + suffix },
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
