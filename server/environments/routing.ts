import { LOCAL_ENVIRONMENT } from '@/lib/environments/types';

/**
 * `/api/environments/{env}/<rest>` → `/api/<rest>` on `env`. Not rewritten: the environments' own routes
 * (`/api/environments`, `/api/environments/status`, `/api/environments/check`, `/api/environments/{env}` and
 * `/api/environments/{env}/check`), which have no further segment or end in `check`.
 */
const SCOPED = /^\/api\/environments\/([a-z0-9][a-z0-9-]{0,31})\/(?!check$)(.+)$/;

export function environmentRequest(url: URL): { env: string; url: URL } | null {
  const match = SCOPED.exec(url.pathname);
  if (!match) return null;
  const rewritten = new URL(url.href);
  rewritten.pathname = `/api/${match[2]}`;
  return { env: match[1] as string, url: rewritten };
}

/**
 * Paths that work on the local engine only for now: Compose runs the `docker compose` binary with Berth's own
 * DOCKER_HOST, and the stacks' files are one set for the process, so stacks on another engine would mix the two.
 */
export function localOnly(env: string, path: string): boolean {
  return env !== LOCAL_ENVIRONMENT && /^\/api\/stacks(\/|$)/.test(path);
}
