import type { EnvironmentCheck } from '@/lib/environments/types';
import type { ApiErrorCode, FieldError } from '@/lib/http/envelope';
import type { LimitInfo } from '@/lib/settings/limits';
import { engineAddress } from '@/server/docker/client';
import { PolicyError } from '@/server/security/policy';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: ApiErrorCode,
    message: string,
    readonly fields?: FieldError[],
    /** With code `limit`: which per-user bound refused (server/limits.ts). */
    readonly limit?: LimitInfo,
    /** With code `environment_check`: the failed check (server/environments/check.ts). */
    readonly check?: EnvironmentCheck,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

/** Socket-level failures that mean "no engine there", as opposed to an engine that answered with an error. */
const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ENOENT',
  'EACCES',
  'ECONNRESET',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

interface EngineErrorShape {
  statusCode?: number;
  code?: string;
  reason?: string;
  json?: unknown;
  message?: string;
}

/** The engine's own words: docker-modem keeps the parsed body in `json` (a Buffer or string on some paths). */
export function engineMessage(err: EngineErrorShape): string {
  const body = err.json;
  if (body && typeof body === 'object' && 'message' in body && typeof body.message === 'string')
    return body.message;
  if (typeof body === 'string' && body.trim()) return body.trim();
  if (Buffer.isBuffer(body)) {
    const text = body.toString('utf8').trim();
    try {
      const parsed: unknown = JSON.parse(text);
      if (parsed && typeof parsed === 'object' && 'message' in parsed) return String(parsed.message);
    } catch {
      // not JSON: the text itself is the message
    }
    if (text) return text;
  }
  // Streaming endpoints (pull, push, load) leave `json` empty; docker-modem keeps the body in the message.
  const streamed = /^\(HTTP code \d+\) [^-]+ - ([\s\S]+)$/.exec(err.message ?? '')?.[1]?.trim();
  if (streamed) return streamed;
  return err.reason || err.message || 'Docker engine error';
}

/** Maps anything thrown below a route to the HttpError the client sees. */
export function toHttpError(err: unknown): HttpError {
  if (err instanceof HttpError) return err;
  if (err instanceof PolicyError) {
    return new HttpError(
      403,
      'policy',
      err.message,
      err.violations.map((v) => ({ path: `engine.${v.path}`, message: v.message })),
    );
  }
  if (typeof err === 'object' && err !== null) {
    const e = err as EngineErrorShape;
    // Berth's own verdicts on the engine's answer (server/docker/client.ts).
    if (e.code === 'ENGINE_DEADLINE')
      return new HttpError(503, 'engine_unresponsive', `${e.message} (at ${engineAddress()})`);
    if (e.code === 'ENGINE_BAD_ANSWER') return new HttpError(502, 'engine_bad_answer', e.message ?? '');
    // The client went away and its engine call was cancelled: nobody reads this answer.
    if ((err as Error).name === 'AbortError') return new HttpError(503, 'engine_unreachable', 'Cancelled');
    if (e.code && UNREACHABLE_CODES.has(e.code) && !e.statusCode) {
      return new HttpError(503, 'engine_unreachable', `Docker engine unreachable at ${engineAddress()}`);
    }
    if (typeof e.statusCode === 'number') {
      const message = engineMessage(e);
      if (e.statusCode === 404) return new HttpError(404, 'not_found', message);
      if (e.statusCode === 409) return new HttpError(409, 'conflict', message);
      if (e.statusCode === 400) return new HttpError(400, 'bad_request', message);
      if (e.statusCode === 403) return new HttpError(403, 'forbidden', message);
      // The engine failed the request (e.g. "port is already allocated"): its words, not a stack trace.
      return new HttpError(502, 'engine_error', message);
    }
  }
  return new HttpError(500, 'internal', 'Internal error');
}
