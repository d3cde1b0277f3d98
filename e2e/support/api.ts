export const BASE_URL = process.env.BERTH_URL ?? 'http://127.0.0.1:3100';
export const DEAD_URL = process.env.BERTH_DEAD_URL ?? 'http://127.0.0.1:3101';

export interface ApiResult<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

/** Calls Berth's HTTP API as a script would (no Origin header unless given). */
export async function api<T = unknown>(
  path: string,
  init: RequestInit & { json?: unknown; base?: string } = {},
): Promise<ApiResult<T>> {
  const { json, base, headers, ...rest } = init;
  const res = await fetch(`${base ?? BASE_URL}${path}`, {
    ...rest,
    headers: { ...(json === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
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
