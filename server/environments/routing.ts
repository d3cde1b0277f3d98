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
