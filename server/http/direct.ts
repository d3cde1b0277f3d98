import type { IncomingMessage, ServerResponse } from 'node:http';

type RouteHandler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

/**
 * Runs a route() handler for a GET without Next.js. For /api/health only: the image's HEALTHCHECK probes it
 * every second, and Next's dispatch of an app route costs ~7 ms of CPU against ~1 ms for the handler and its
 * engine call (bench/results.md, footprint). The handler is the route file's own export, so the request still
 * goes through route() (permission, error envelope) and the route file stays the one definition.
 */
export async function serveDirect(handler: RouteHandler, req: IncomingMessage, res: ServerResponse) {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (typeof value === 'string') headers.set(name, value);
    else if (Array.isArray(value)) for (const v of value) headers.append(name, v);
  }
  try {
    // Handlers read the path and query, never the host: the client's Host header stays out of the URL.
    const request = new Request(new URL(req.url ?? '/', 'http://berth.local'), { headers });
    const response = await handler(request, { params: Promise.resolve({}) });
    const body = Buffer.from(await response.arrayBuffer());
    res.writeHead(response.status, {
      ...Object.fromEntries(response.headers),
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      'content-length': body.length,
    });
    res.end(body);
  } catch (err) {
    // route() answers every error itself; this is a bug of ours, not the caller's.
    console.error(`[berth] ${req.url}:`, err);
    if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: { message: 'Internal error', code: 'internal', status: 500 } }));
  }
}
