import { Readable, Transform } from 'node:stream';
import type { ReadableStream as NodeWebStream } from 'node:stream/web';
import { HttpError } from '@/server/http/errors';

/**
 * Every request body has a bound, checked before it is read (Content-Length, in the custom server) and while it
 * is read (bodies without a length). JSON bodies are small; uploads stream to the engine or a temporary file
 * and have caps of their own.
 */
export const JSON_BODY_LIMIT = 1024 * 1024;

const GiB = 1024 ** 3;
const UPLOADS: { method: string; path: RegExp; maxBytes: number; what: string }[] = [
  { method: 'PUT', path: /^\/api\/containers\/[^/]+\/archive$/, maxBytes: 2 * GiB, what: 'A file upload' },
  { method: 'PUT', path: /^\/api\/volumes\/[^/]+\/archive$/, maxBytes: 2 * GiB, what: 'A file upload' },
  { method: 'POST', path: /^\/api\/images\/load$/, maxBytes: 16 * GiB, what: 'An image archive' },
  { method: 'POST', path: /^\/api\/images\/import$/, maxBytes: 16 * GiB, what: 'A filesystem archive' },
  { method: 'POST', path: /^\/api\/images\/build\/context$/, maxBytes: 4 * GiB, what: 'A build context' },
  { method: 'POST', path: /^\/api\/system\/restore$/, maxBytes: GiB, what: 'A backup' },
];

export interface BodyLimit {
  maxBytes: number;
  what: string;
}

/** The bound on a request's body by its method and path: an upload's own cap, else the JSON one. */
export function bodyLimit(method: string, pathname: string): BodyLimit {
  const upload = UPLOADS.find((u) => u.method === method.toUpperCase() && u.path.test(pathname));
  return upload ?? { maxBytes: JSON_BODY_LIMIT, what: 'The request body' };
}

function formatBytes(bytes: number): string {
  if (bytes >= GiB) return `${bytes / GiB} GiB`;
  return `${bytes / 1024 / 1024} MiB`;
}

export function tooLarge(limit: BodyLimit): HttpError {
  return new HttpError(
    413,
    'payload_too_large',
    `${limit.what} is larger than ${formatBytes(limit.maxBytes)}`,
  );
}

/** Whether a declared Content-Length is over the bound (a missing or unreadable one is checked while reading). */
export function declaredTooLarge(contentLength: string | undefined, limit: BodyLimit): boolean {
  if (contentLength === undefined || !/^\d+$/.test(contentLength)) return false;
  return Number(contentLength) > limit.maxBytes;
}

/** The body as a Node stream that fails with 413 once it passes the route's bound. */
export function uploadStream(req: Request): Readable {
  if (!req.body) throw new HttpError(400, 'bad_request', 'The request has no body');
  const limit = bodyLimit(req.method, new URL(req.url).pathname);
  let seen = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      seen += chunk.length;
      if (seen > limit.maxBytes) done(tooLarge(limit));
      else done(null, chunk);
    },
  });
  const source = Readable.fromWeb(req.body as NodeWebStream);
  source.on('error', (err) => counter.destroy(err));
  return source.pipe(counter);
}

/** A JSON body, read up to JSON_BODY_LIMIT and no further; an empty body reads as `{}`. */
export async function readJsonBody(req: Request): Promise<unknown> {
  const limit = bodyLimit(req.method, new URL(req.url).pathname);
  const chunks: Uint8Array[] = [];
  let seen = 0;
  if (req.body) {
    const reader = req.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      seen += value.byteLength;
      if (seen > Math.min(limit.maxBytes, JSON_BODY_LIMIT)) {
        await reader.cancel().catch(() => {});
        throw tooLarge({ maxBytes: JSON_BODY_LIMIT, what: 'The request body' });
      }
      chunks.push(value);
    }
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text.trim()) return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpError(400, 'invalid_json', 'The request body is not valid JSON');
  }
}
