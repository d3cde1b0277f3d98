import { currentEnvironment } from '@/components/environments/current';
import { envApiPath } from '@/components/environments/paths';
import {
  type Endpoint,
  endpointUrl,
  type PathParams,
  type PathValue,
  type QueryValue,
  type ResponseOf,
} from '@/lib/api/endpoint';
import { type ApiErrorBody, type FieldError, isApiErrorBody } from '@/lib/http/envelope';

export { queryString } from '@/lib/api/endpoint';

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

type Params<Path extends string> = keyof PathParams<Path> extends never
  ? { params?: undefined }
  : { params: PathParams<Path> };
type Json<Body> = [Body] extends [undefined] ? { json?: undefined } : { json: Body };
type Query<Q> = [Q] extends [undefined] ? { query?: undefined } : { query?: Q };

/** What a call adds to the endpoint: path parameters, query, JSON body, or a raw body for uploads. */
export type FetchOptions<E> =
  E extends Endpoint<infer _Res, infer Body, infer Q, infer Path>
    ? Params<Path> &
        Json<Body> &
        Query<Q> & {
          body?: BodyInit;
          headers?: HeadersInit;
          signal?: AbortSignal;
          /** The engine to ask; by default the page's (`?env=`). Only engine endpoints are prefixed. */
          env?: string;
        }
    : never;

type OptionalArg<O> = object extends O ? [options?: O] : [options: O];

// biome-ignore lint/suspicious/noExplicitAny: any endpoint; a call's types come from the endpoint itself
type AnyEndpoint = Endpoint<any, any, any, string>;

/**
 * Calls `endpoint` (declared once in lib/api, shared with its route) and answers its declared response type:
 * the one place a JSON body becomes a typed value in the browser. Engine endpoints go to the current
 * environment's engine (`/api/environments/{env}/…` unless it is `local`).
 */
export async function apiFetch<E extends AnyEndpoint>(
  endpoint: E,
  ...[options]: OptionalArg<FetchOptions<E>>
): Promise<ResponseOf<E>> {
  const { params, query, json, body, headers, signal, env } = (options ?? {}) as {
    params?: Record<string, PathValue>;
    query?: Record<string, QueryValue>;
    json?: unknown;
    body?: BodyInit;
    headers?: HeadersInit;
    signal?: AbortSignal;
    env?: string;
  };
  const url = envApiPath(endpointUrl(endpoint.path, params, query), env ?? currentEnvironment());
  const answer = await request(url, {
    method: endpoint.method,
    headers,
    signal,
    json,
    body,
  });
  // The one cast of a response: its route's handler was type-checked against the same endpoint.
  return answer as ResponseOf<E>;
}

async function request(
  path: string,
  init: RequestInit & { json?: unknown; headers?: HeadersInit },
): Promise<unknown> {
  const { json, headers, ...rest } = init;
  let res: Response;
  try {
    res = await fetch(path, {
      ...rest,
      headers: {
        ...(json === undefined ? {} : { 'content-type': 'application/json' }),
        ...toRecord(headers),
      },
      ...(json === undefined ? {} : { body: JSON.stringify(json) }),
    });
  } catch {
    throw new ApiError({ message: 'Berth server unreachable', code: 'network', status: 0 });
  }
  if (res.status === 204) return undefined;
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
  return body;
}

function toRecord(headers: HeadersInit | undefined): Record<string, string> {
  return headers ? Object.fromEntries(new Headers(headers).entries()) : {};
}

/** An API error's field errors keyed by body field name, for showing each under its input. */
export function bodyFieldErrors(err: ApiError): Record<string, string> {
  return Object.fromEntries(err.fields.map((f) => [f.path.replace(/^body\./, ''), f.message]));
}
