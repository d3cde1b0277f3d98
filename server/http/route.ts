import type { z } from 'zod';
import type { Endpoint } from '@/lib/api/endpoint';
import type { Permission } from '@/lib/auth/roles';
import type { ApiErrorBody, FieldError } from '@/lib/http/envelope';
import { recordAudit } from '@/server/audit/log';
import { authenticate, authorize, clientIp, type Principal, requestCredentials } from '@/server/auth/guard';
import { readJsonBody } from '@/server/http/body';
import { HttpError, toHttpError } from '@/server/http/errors';
import { checkOrigin } from '@/server/http/origin';

type Params = Record<string, string>;

/** A credential checked by the route itself (see RouteSpec.permission). */
export interface OwnCredential {
  /** What the credential is, for readers and the role matrix (`metrics-token`). */
  own: string;
  check: (req: Request) => void;
}

export interface RouteContext<Q, B, P> {
  req: Request;
  principal: Principal;
  query: Q;
  body: B;
  params: P;
}

type Ctx<QS, BS, PS> = RouteContext<
  QS extends z.ZodType ? z.output<QS> : undefined,
  BS extends z.ZodType ? z.output<BS> : undefined,
  PS extends z.ZodType ? z.output<PS> : Params
>;

interface RouteSpec<
  QS extends z.ZodType | undefined,
  BS extends z.ZodType | undefined,
  PS extends z.ZodType | undefined,
  R = unknown,
  B = unknown,
> {
  /**
   * The endpoint's shared descriptor (lib/api): the handler must answer its response type (or a Response of
   * its own: a stream, a download, a status other than 200), and the JSON the browser sends for it must be
   * what the body schema accepts.
   */
  // biome-ignore lint/suspicious/noExplicitAny: the query is a string map on the wire, not checked here
  endpoint?: Endpoint<R, B, any, string>;
  /**
   * `public` only for login, setup and health: everything else needs a user whose role allows it. The one
   * exception is a route with a credential of its own that is no user (`/metrics` and its scrape token): an
   * `OwnCredential` whose `check` throws the HttpError (404, 401) and yields no principal; sessions and API
   * tokens are not looked at.
   */
  permission: Permission | 'public' | OwnCredential;
  /**
   * How a mutation reads in the audit log; mutations without it are logged by method and path. `false` only
   * for handlers that write their own entries (login, which knows the name that was tried).
   */
  audit?:
    | {
        /** A name, or one read from the request (`stack.up`, `stack.down`…). */
        action: string | ((ctx: Ctx<QS, BS, PS>) => string);
        target?: (ctx: Ctx<QS, BS, PS>) => string | undefined;
        command?: (ctx: Ctx<QS, BS, PS>) => string | null | undefined;
        /**
         * An answer that reports a failure of its own (Compose ran and exited non-zero): the entry is an error
         * with this message, though the response is a success carrying the output.
         */
        failed?: (ctx: Ctx<QS, BS, PS>, result: NoInfer<R>) => string | null | undefined;
      }
    | false;
  /** The status of a successful answer that is not a Response (201 for a creation); 200 by default. */
  status?: number;
  query?: QS;
  /** Omit for no body; the handler reads `req` itself for uploads. */
  body?: BS;
  params?: PS;
  handler: (ctx: Ctx<QS, BS, PS>) => Promise<Response | NoInfer<R>>;
}

/** Refuses (as `{ body: never }`) a route whose body schema would not accept the endpoint's request body. */
type BodyAccepted<B, BS> = [B] extends [undefined]
  ? unknown
  : BS extends z.ZodType
    ? [B] extends [z.input<BS>]
      ? unknown
      : { body: never }
    : unknown;

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Every /api handler goes through this: Origin check on mutations, authorization, zod parsing with
 * inferred types, and one error envelope. Nothing below it builds error responses by hand.
 */
export function route<
  QS extends z.ZodType | undefined = undefined,
  BS extends z.ZodType | undefined = undefined,
  PS extends z.ZodType | undefined = undefined,
  R = unknown,
  B = unknown,
>(spec: RouteSpec<QS, BS, PS, R, B> & BodyAccepted<B, BS>) {
  return async (req: Request, ctx: { params: Promise<Params> }): Promise<Response> => {
    const mutating = MUTATING.has(req.method);
    let principal: Principal = { kind: 'anonymous' };
    let context: Ctx<QS, BS, PS> | undefined;
    try {
      if (mutating) checkOrigin(req);
      if (typeof spec.permission === 'object') spec.permission.check(req);
      else principal = authorize(authenticate(requestCredentials(req)), spec.permission);
      const rawParams = ctx?.params ? await ctx.params : {};
      const params = spec.params ? parseWith(spec.params, rawParams, 'params') : rawParams;
      const query = spec.query
        ? parseWith(spec.query, Object.fromEntries(new URL(req.url).searchParams), 'query')
        : undefined;
      const body = spec.body ? parseWith(spec.body, await readJsonBody(req), 'body') : undefined;
      // The casts restate what parseWith just proved: each value is the output of its schema.
      context = { req, principal, query: query as never, body: body as never, params: params as never };
      const result = await spec.handler(context);
      if (mutating) {
        const described = spec.audit;
        let failure: string | null | undefined = null;
        if (
          described &&
          described.failed !== undefined &&
          !(result instanceof Response) &&
          result !== undefined
        ) {
          try {
            failure = described.failed(context, result as NoInfer<R>);
          } catch {
            failure = null; // Only the entry's wording: never the answer.
          }
        }
        audit(spec, req, principal, context, failure ? 'error' : 'ok', failure ?? undefined);
      }
      if (result instanceof Response) return result;
      if (result === undefined) return new Response(null, { status: 204 });
      return Response.json(result, spec.status ? { status: spec.status } : undefined);
    } catch (err) {
      const httpError = toHttpError(err);
      if (httpError.status >= 500 && httpError.code === 'internal') {
        console.error(`[api] ${req.method} ${new URL(req.url).pathname}:`, err);
      }
      // Anonymous noise is not an action of anyone's; every refused or failed action of a user is.
      if (mutating && httpError.status !== 401)
        audit(spec, req, principal, context, 'error', httpError.message);
      return errorResponse(httpError);
    }
  };
}

function audit<
  QS extends z.ZodType | undefined,
  BS extends z.ZodType | undefined,
  PS extends z.ZodType | undefined,
  R,
>(
  spec: RouteSpec<QS, BS, PS, R>,
  req: Request,
  principal: Principal,
  context: Ctx<QS, BS, PS> | undefined,
  result: 'ok' | 'error',
  error?: string,
): void {
  const described = spec.audit;
  if (described === false) return;
  const path = new URL(req.url).pathname;
  const safe = <T>(fn: (() => T) | undefined): T | undefined => {
    try {
      return fn?.();
    } catch {
      return undefined;
    }
  };
  try {
    recordAudit({
      user: principal.kind === 'user' ? principal.user : null,
      ip: clientIp(req),
      action:
        (typeof described?.action === 'function'
          ? context && safe(() => (described.action as (ctx: Ctx<QS, BS, PS>) => string)(context))
          : described?.action) ?? `${req.method} ${path}`,
      target: (context && safe(() => described?.target?.(context))) ?? path,
      command: context ? (safe(() => described?.command?.(context)) ?? null) : null,
      result,
      error: error ?? null,
    });
  } catch (err) {
    console.error('[audit] could not record', err);
  }
}

export function errorResponse(err: HttpError): Response {
  const body: ApiErrorBody = {
    error: {
      message: err.message,
      code: err.code,
      status: err.status,
      ...(err.fields ? { fields: err.fields } : {}),
      ...(err.limit ? { limit: err.limit } : {}),
      ...(err.check ? { check: err.check } : {}),
    },
  };
  return Response.json(body, { status: err.status });
}

export function parseWith<S extends z.ZodType>(schema: S, input: unknown, where: string): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const fields: FieldError[] = result.error.issues.map((issue) => ({
    path: [where, ...issue.path.map(String)].join('.'),
    message: issue.message,
  }));
  const summary = fields.map((f) => `${f.path}: ${f.message}`).join('; ');
  throw new HttpError(400, 'bad_request', `Invalid request: ${summary}`, fields);
}
