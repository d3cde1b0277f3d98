/**
 * The HTTP contract between a route handler and the browser: one descriptor per endpoint, declared once in
 * lib/api and used by both sides. The route (server/http/route.ts) checks its handler's result against the
 * response type; the client (components/api/client.ts) builds the URL from the path's `[param]`s and returns
 * the same type, so no call site writes a type argument.
 */

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** `{ id: PathValue; action: PathValue }` for `/api/containers/[id]/[action]`. */
export type PathParams<P extends string> = P extends `${string}[${infer Name}]${infer Rest}`
  ? { [K in Name | keyof PathParams<Rest>]: PathValue }
  : Record<never, never>;

/** A path segment: a name, an id, or a numeric row id (users, teams, tokens, registries). */
export type PathValue = string | number;

/** Query values as the client sends them; `undefined`, `null`, `''` and `false` are left out. */
export type QueryValue = string | number | boolean | undefined | null;

export interface Endpoint<Res, Body = undefined, Query = undefined, Path extends string = string> {
  readonly method: HttpMethod;
  /** Next.js route path, with `[param]` segments. */
  readonly path: Path;
  /** Phantom fields: they only carry the types, nothing is stored in them. */
  readonly response?: Res;
  readonly body?: Body;
  readonly query?: Query;
}

/**
 * `endpoint<Res, Body, Query>()(method, path)`: curried so the types are written and the path is inferred.
 * `Body` is the JSON the client sends (z.input of the route's body schema where there is one); `Query` the
 * query parameters.
 */
export const endpoint =
  <Res, Body = undefined, Query = undefined>() =>
  <const Path extends string>(method: HttpMethod, path: Path): Endpoint<Res, Body, Query, Path> => ({
    method,
    path,
  });

export type ResponseOf<E> = E extends Endpoint<infer Res, unknown, unknown, string> ? Res : never;
export type BodyOf<E> = E extends Endpoint<unknown, infer Body, unknown, string> ? Body : never;

/** A JSON value, for what the browser shows as it is (the raw `inspect` tab) without knowing its shape. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** The URL of `endpoint` with its `[param]`s filled in (encoded) and the query appended. */
export function endpointUrl(
  path: string,
  params: Record<string, PathValue> = {},
  query: Record<string, QueryValue> = {},
): string {
  const filled = path.replace(/\[(\w+)\]/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`${path}: missing path parameter ${name}`);
    return encodeURIComponent(String(value));
  });
  return filled + queryString(query);
}

export function queryString(params: Record<string, QueryValue>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null || v === '' || v === false) continue;
    q.set(k, v === true ? '1' : String(v));
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}
