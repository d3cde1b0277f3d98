import { type ApiErrorBody, type FieldError, isApiErrorBody } from '@/lib/http/envelope';

/** An error answered by Berth's API, in its one envelope. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly fields: FieldError[];

  constructor(
    body: Omit<ApiErrorBody['error'], 'code'> & { code: ApiErrorBody['error']['code'] | 'network' },
  ) {
    super(body.message);
    this.name = 'ApiError';
    this.status = body.status;
    this.code = body.code;
    this.fields = body.fields ?? [];
  }
}

export async function apiFetch<T>(path: string, init: RequestInit & { json?: unknown } = {}): Promise<T> {
  const { json, headers, ...rest } = init;
  let res: Response;
  try {
    res = await fetch(path, {
      ...rest,
      headers: { ...(json === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      ...(json === undefined ? {} : { body: JSON.stringify(json) }),
    });
  } catch {
    throw new ApiError({ message: 'Berth server unreachable', code: 'network', status: 0 });
  }
  if (res.status === 204) return undefined as T;
  const body: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    // A session that expired or was revoked: back to the login page, then back here.
    if (
      res.status === 401 &&
      typeof window !== 'undefined' &&
      !path.startsWith('/api/auth/login') &&
      !path.startsWith('/api/auth/setup')
    ) {
      const here = window.location.pathname + window.location.search;
      window.location.assign(`/login?next=${encodeURIComponent(here)}`);
    }
    if (isApiErrorBody(body)) throw new ApiError(body.error);
    throw new ApiError({ message: `HTTP ${res.status}`, code: 'internal', status: res.status });
  }
  return body as T;
}

export function queryString(params: Record<string, string | number | boolean | undefined | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null || v === '' || v === false) continue;
    q.set(k, v === true ? '1' : String(v));
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** An API error's field errors keyed by body field name, for showing each under its input. */
export function bodyFieldErrors(err: ApiError): Record<string, string> {
  return Object.fromEntries(err.fields.map((f) => [f.path.replace(/^body\./, ''), f.message]));
}
