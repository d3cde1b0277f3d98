import http from 'node:http';

export interface RawAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** The first 64 KiB of the body: enough for an error envelope, not a download. */
  body: string;
  ms: number;
}

/**
 * One request exactly as given: the path is not normalised or re-encoded (fetch would resolve `..` and
 * escape `%`), the body and headers are sent as they are. Fails after `timeoutMs` without an answer.
 */
export function rawRequest(
  base: string,
  options: { method: string; path: string; headers?: Record<string, string>; body?: string | Buffer },
  timeoutMs = 10_000,
): Promise<RawAnswer> {
  const url = new URL(base);
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: url.hostname,
        port: url.port,
        method: options.method,
        path: options.path,
        headers: {
          ...(options.body === undefined
            ? {}
            : { 'content-length': String(Buffer.byteLength(options.body)) }),
          ...options.headers,
        },
        agent: false,
        // Next.js answers a path it normalises with a 308 whose Location and Refresh headers both repeat it:
        // for a path near the server's 16 KiB limit that is more than Node's client reads by default.
        maxHeaderSize: 256 * 1024,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          if (size < 65_536) chunks.push(chunk);
          size += chunk.length;
          // A stream or a download: the status is what counts, the rest is not read.
          if (size >= 65_536) res.destroy();
        });
        const done = () => {
          clearTimeout(timer);
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8').slice(0, 65_536),
            ms: Date.now() - started,
          });
        };
        res.on('end', done);
        res.on('close', done);
      },
    );
    const timer = setTimeout(() => {
      req.destroy();
      reject(new Error(`no answer within ${timeoutMs} ms: ${options.method} ${options.path.slice(0, 200)}`));
    }, timeoutMs);
    req.on('error', (err: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      // A server may answer early (413) and close while the body is still being written: the answer can
      // be lost to the closed connection. Status 0 says so; the caller decides whether that was expected.
      if (err.code === 'EPIPE' || err.code === 'ECONNRESET')
        resolve({ status: 0, headers: {}, body: `connection closed: ${err.code}`, ms: Date.now() - started });
      else reject(err);
    });
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

/** The error envelope's code of an answer, if it has one. */
export function envelopeCode(answer: RawAnswer): string | undefined {
  try {
    const parsed = JSON.parse(answer.body) as { error?: { code?: unknown } };
    return typeof parsed.error?.code === 'string' ? parsed.error.code : undefined;
  } catch {
    return undefined;
  }
}

/** < 500, or a 502/503 that is the engine refusing (an `engine_*` envelope), which is not the server's fault. */
export function acceptable(answer: RawAnswer): boolean {
  if (answer.status > 0 && answer.status < 500) return true;
  return (answer.status === 502 || answer.status === 503) && !!envelopeCode(answer)?.startsWith('engine_');
}
