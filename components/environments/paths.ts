import { LOCAL_ENVIRONMENT } from '@/lib/environments/types';

/** The search parameter naming the current environment; absent means `local`. */
export const ENV_PARAM = 'env';

const ID = /^[a-z0-9][a-z0-9-]{0,31}$/;

/** The environment a query string names; anything that is not a valid id reads as `local`. */
export function envFromSearch(search: string | URLSearchParams | null | undefined): string {
  if (!search) return LOCAL_ENVIRONMENT;
  const params = typeof search === 'string' ? new URLSearchParams(search) : search;
  const raw = params.get(ENV_PARAM);
  return raw && ID.test(raw) ? raw : LOCAL_ENVIRONMENT;
}

/**
 * The API resources that belong to an engine: other engines serve them under `/api/environments/{env}/…`.
 * Everything else (auth, users, teams, tokens, settings, audit, registries, the environments themselves,
 * health, stacks — local only for now) belongs to Berth and is never prefixed.
 */
const ENGINE_PREFIXES = [
  'containers',
  'images',
  'volumes',
  'networks',
  'system',
  'engine',
  'events',
  'swarm',
];
/** Under `/api/system/` but Berth's own: its backup and restore. */
const APP_SYSTEM_PATHS = ['backup', 'restore'];

/** Whether an API path (with or without a query) is an engine endpoint. */
export function isEnginePath(path: string): boolean {
  const pathname = path.split(/[?#]/, 1)[0] ?? '';
  const parts = pathname.split('/');
  if (parts[0] !== '' || parts[1] !== 'api') return false;
  const resource = parts[2] ?? '';
  if (!ENGINE_PREFIXES.includes(resource)) return false;
  return !(resource === 'system' && APP_SYSTEM_PATHS.includes(parts[3] ?? ''));
}

/** The path that reaches `path` on `env`: engine endpoints of another engine go through its prefix. */
export function envApiPath(path: string, env: string): string {
  if (env === LOCAL_ENVIRONMENT || !isEnginePath(path)) return path;
  return `/api/environments/${encodeURIComponent(env)}${path.slice('/api'.length)}`;
}

/**
 * A console link that stays on `env`: an in-app path gets `?env=` (or loses it for `local`); an href that
 * already names an environment, API paths and other origins are left as they are.
 */
export function withEnv(href: string, env: string): string {
  if (!href.startsWith('/') || href.startsWith('//')) return href;
  if (href.startsWith('/api/')) return envApiPath(href, env);
  const hashAt = href.indexOf('#');
  const hash = hashAt >= 0 ? href.slice(hashAt) : '';
  const rest = hashAt >= 0 ? href.slice(0, hashAt) : href;
  const queryAt = rest.indexOf('?');
  const pathname = queryAt >= 0 ? rest.slice(0, queryAt) : rest;
  const params = new URLSearchParams(queryAt >= 0 ? rest.slice(queryAt + 1) : '');
  if (params.has(ENV_PARAM)) return href;
  if (env === LOCAL_ENVIRONMENT) return href;
  params.set(ENV_PARAM, env);
  return `${pathname}?${params}${hash}`;
}

/** The same page on another environment (the switcher): `local` drops the parameter. */
export function switchEnvHref(pathname: string, search: string | URLSearchParams, env: string): string {
  const params = new URLSearchParams(search);
  if (env === LOCAL_ENVIRONMENT) params.delete(ENV_PARAM);
  else params.set(ENV_PARAM, env);
  const query = params.toString();
  return `${pathname}${query ? `?${query}` : ''}`;
}

/**
 * Where the switcher lands: the same page, except that a resource's own page (`/containers/abc`) becomes its
 * list, since ids do not carry over from one engine to another.
 */
export function switchTarget(pathname: string, search: string | URLSearchParams, env: string): string {
  const [, section = '', ...deeper] = pathname.split('/');
  return deeper.length ? switchEnvHref(`/${section}`, '', env) : switchEnvHref(pathname, search, env);
}
