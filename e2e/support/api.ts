export const BASE_URL = process.env.BERTH_URL ?? 'http://127.0.0.1:3100';
export const DEAD_URL = process.env.BERTH_DEAD_URL ?? 'http://127.0.0.1:3101';
export const ADMIN_USER = process.env.BERTH_ADMIN_USER ?? 'admin';
export const ADMIN_PASSWORD = process.env.BERTH_ADMIN_PASSWORD ?? 'correct-horse-battery-7';

export interface ApiResult<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

/** Who calls: the test admin (default), a given session cookie or token, or nobody. */
export type Caller = 'admin' | 'anonymous' | { cookie: string } | { token: string };

export async function login(
  username: string,
  password: string,
  base = BASE_URL,
  extra: Record<string, string> = {},
): Promise<{ status: number; cookie: string | null; body: unknown }> {
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password, ...extra }),
  });
  const setCookie = res.headers.get('set-cookie');
  const cookie = setCookie ? (setCookie.split(';')[0] ?? null) : null;
  return { status: res.status, cookie, body: await res.json().catch(() => null) };
}

const adminCookies = new Map<string, Promise<string>>();

export function adminCookie(base = BASE_URL): Promise<string> {
  let cookie = adminCookies.get(base);
  if (!cookie) {
    cookie = login(ADMIN_USER, ADMIN_PASSWORD, base).then((r) => {
      if (!r.cookie) throw new Error(`admin login failed on ${base}: ${r.status} ${JSON.stringify(r.body)}`);
      return r.cookie;
    });
    adminCookies.set(base, cookie);
  }
  return cookie;
}

async function authHeaders(as: Caller, base: string): Promise<Record<string, string>> {
  if (as === 'anonymous') return {};
  if (as === 'admin') return { cookie: await adminCookie(base) };
  if ('cookie' in as) return { cookie: as.cookie };
  return { authorization: `Bearer ${as.token}` };
}

/**
 * Calls Berth's HTTP API as the test admin by default. With a session cookie it sends Origin as a browser does
 * (Berth refuses cookie-authenticated changes without it); with a token or anonymously, none unless given.
 */
export async function api<T = unknown>(
  path: string,
  init: RequestInit & { json?: unknown; base?: string; as?: Caller } = {},
): Promise<ApiResult<T>> {
  const { json, base, headers, as = 'admin', ...rest } = init;
  const target = base ?? BASE_URL;
  const res = await fetch(`${target}${path}`, {
    ...rest,
    redirect: 'manual',
    headers: {
      ...(await authHeaders(as, target)),
      ...(as === 'anonymous' || (typeof as === 'object' && 'token' in as) ? {} : { origin: target }),
      ...(json === undefined ? {} : { 'content-type': 'application/json' }),
      ...(headers as Record<string, string> | undefined),
    },
    ...(json === undefined ? {} : { body: JSON.stringify(json) }),
  });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    // not JSON (downloads): keep the text
  }
  return { status: res.status, body: body as T, headers: res.headers };
}

export interface ErrorEnvelope {
  error: { message: string; code: string; status: number; fields?: { path: string; message: string }[] };
}

/** Creates (once per run) a user with the given role and returns a logged-in session cookie for it. */
export async function userSession(role: 'viewer' | 'operator' | 'admin', name = `test-${role}`) {
  const password = `pw-${role}-berth-test-2026`;
  const created = await api('/api/users', { method: 'POST', json: { username: name, password, role } });
  if (created.status !== 201 && created.status !== 409) {
    throw new Error(`could not create ${name}: ${created.status} ${JSON.stringify(created.body)}`);
  }
  const res = await login(name, password);
  if (!res.cookie) throw new Error(`could not log in ${name}: ${res.status} ${JSON.stringify(res.body)}`);
  return { cookie: res.cookie, username: name, password };
}
