import type { z } from 'zod';
import type { ApiErrorBody, FieldError } from '@/lib/http/envelope';
import { HttpError, toHttpError } from '@/server/http/errors';
import { checkOrigin } from '@/server/http/origin';
import { authorize, type Permission, type Principal } from '@/server/http/permissions';

type Params = Record<string, string>;

export interface RouteContext<Q, B, P> {
  req: Request;
  principal: Principal;
  query: Q;
  body: B;
  params: P;
}

interface RouteSpec<
  QS extends z.ZodType | undefined,
  BS extends z.ZodType | undefined,
  PS extends z.ZodType | undefined,
> {
  permission: Permission;
  query?: QS;
  /** Omit for no body; the handler reads `req` itself for uploads. */
  body?: BS;
  params?: PS;
  handler: (
    ctx: RouteContext<
      QS extends z.ZodType ? z.output<QS> : undefined,
      BS extends z.ZodType ? z.output<BS> : undefined,
      PS extends z.ZodType ? z.output<PS> : Params
    >,
  ) => Promise<Response | unknown>;
}

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Every /api handler goes through this: Origin check on mutations, authorization, zod parsing with
 * inferred types, and one error envelope. Nothing below it builds error responses by hand.
 */
export function route<
  QS extends z.ZodType | undefined = undefined,
  BS extends z.ZodType | undefined = undefined,
  PS extends z.ZodType | undefined = undefined,
>(spec: RouteSpec<QS, BS, PS>) {
  return async (req: Request, ctx: { params: Promise<Params> }): Promise<Response> => {
    try {
      if (MUTATING.has(req.method)) checkOrigin(req);
      const principal = await authorize(req, spec.permission);
      const rawParams = ctx?.params ? await ctx.params : {};
      const params = spec.params ? parseWith(spec.params, rawParams, 'params') : rawParams;
      const query = spec.query
        ? parseWith(spec.query, Object.fromEntries(new URL(req.url).searchParams), 'query')
        : undefined;
      const body = spec.body ? parseWith(spec.body, await readJson(req), 'body') : undefined;
      const result = await spec.handler({
        req,
        principal,
        // The casts restate what parseWith just proved: each value is the output of its schema.
        query: query as never,
        body: body as never,
        params: params as never,
      });
      if (result instanceof Response) return result;
      if (result === undefined) return new Response(null, { status: 204 });
      return Response.json(result);
    } catch (err) {
      const httpError = toHttpError(err);
      if (httpError.status >= 500 && httpError.code === 'internal') {
        console.error(`[api] ${req.method} ${new URL(req.url).pathname}:`, err);
      }
      return errorResponse(httpError);
    }
  };
}

export function errorResponse(err: HttpError): Response {
  const body: ApiErrorBody = {
    error: {
      message: err.message,
      code: err.code,
      status: err.status,
      ...(err.fields ? { fields: err.fields } : {}),
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

async function readJson(req: Request): Promise<unknown> {
  const text = await req.text();
  if (!text.trim()) return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpError(400, 'invalid_json', 'The request body is not valid JSON');
  }
}
