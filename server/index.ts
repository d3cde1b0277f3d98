import http from 'node:http';
import next from 'next';
import { GET as healthRoute } from '@/app/api/health/route';
import { LOCAL_ENVIRONMENT } from '@/lib/environments/types';
import { stopAlertWatcher, syncAlertWatcher } from '@/server/alerts/watcher';
import { pruneAudit } from '@/server/audit/log';
import { authenticate, CLIENT_IP_HEADER } from '@/server/auth/guard';
import { providerFromEnv } from '@/server/auth/oidc/env';
import { pruneSessions } from '@/server/auth/sessions';
import { ensureInitialAdmin, setupRequired } from '@/server/auth/setup';
import { applyRestoreAtStart, DATA_COMMANDS, runDataCommand } from '@/server/backup/cli';
import { stopAllCompose } from '@/server/compose/runner';
import { config } from '@/server/config';
import { createServerContext } from '@/server/context';
import { closeDatabase, db } from '@/server/db';
import { engineScope } from '@/server/docker/client';
import { environmentRequest } from '@/server/environments/routing';
import { environmentExists } from '@/server/environments/store';
import { bodyLimit, declaredTooLarge, tooLarge } from '@/server/http/body';
import { answerClientError } from '@/server/http/client-error';
import { contentSecurityPolicy } from '@/server/http/csp';
import { serveDirect } from '@/server/http/direct';
import { gate, isPublicPath, loginLocation } from '@/server/http/gate';
import { startIdleCollector } from '@/server/idle-memory';
import { startLogHistory, stopLogHistory } from '@/server/log-history/ingest';
import { attachRealtime } from '@/server/realtime';
import { getSettings } from '@/server/settings/store';
import { startStatsCollector, stopStatsCollector } from '@/server/stats-history/collector';

const HOUSEKEEPING_MS = 60 * 60 * 1000;

function housekeeping() {
  pruneSessions();
  pruneAudit(getSettings().auditRetentionDays);
}

/** The request's URL, or null when its path does not decode (`%ff`, a cut `%E0%A4%A`). */
const MAX_PATH_LENGTH = 4096;

function requestUrl(raw: string | undefined): URL | null {
  try {
    const url = new URL(raw ?? '/', 'http://berth.local');
    decodeURIComponent(url.pathname);
    return url;
  } catch {
    return null;
  }
}

function sendError(res: http.ServerResponse, status: number, code: string, message: string): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ error: { message, code, status } }));
}

/** The most of a refused request's body read (and dropped) so that its client gets to read the answer. */
const EARLY_DRAIN_BYTES = 2 * 1024 * 1024;
const EARLY_DRAIN_MS = 5_000;

/**
 * An answer given before the request is handled (a path too long or badly encoded, no session): the body, if any, is read
 * and dropped first, up to a bound. Answered at once with the body unread, the connection was closed under a
 * client still writing it, which then saw EPIPE instead of the status (the fuzz found it under load).
 */
function refuseEarly(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  status: number,
  code: string,
  message: string,
): void {
  const declared = Number(req.headers['content-length'] ?? 0);
  const hasBody = declared > 0 || req.headers['transfer-encoding'] !== undefined;
  if (!hasBody) {
    sendError(res, status, code, message);
    return;
  }
  let sent = false;
  let seen = 0;
  const send = (close: boolean) => {
    if (sent) return;
    sent = true;
    clearTimeout(timer);
    if (close) res.setHeader('connection', 'close');
    sendError(res, status, code, message);
  };
  const timer = setTimeout(() => send(true), EARLY_DRAIN_MS);
  req.on('data', (chunk: Buffer) => {
    seen += chunk.length;
    if (seen > EARLY_DRAIN_BYTES) send(true);
  });
  req.on('end', () => send(false));
  req.on('error', () => send(true));
  if (declared > EARLY_DRAIN_BYTES) send(true);
}

/**
 * One process, one port: Next.js pages and /api routes, and socket.io on the same http.Server.
 */
async function main() {
  // `backup` and `restore` of the data directory (server/backup/cli.ts): a command, not a server.
  const command = process.argv[2];
  if ((DATA_COMMANDS as readonly string[]).includes(command ?? '')) {
    const code = await runDataCommand(process.argv.slice(2), {
      dataDir: config.dataDir,
      envKey: process.env.BERTH_SECRET_KEY || undefined,
      out: (line) => console.log(line),
      err: (line) => console.error(line),
      stdin: process.stdin,
      stdout: process.stdout,
    });
    process.exit(code);
  }
  // Before Next.js loads any route bundle: they find this context rather than making their own.
  const context = createServerContext();
  // BERTH_OIDC_* read now: a variable that cannot be read stops the start with the reason, not a sign-in later.
  const oidcEnv = providerFromEnv(process.env);
  if (oidcEnv) console.log(`[berth] OIDC provider "env" from BERTH_OIDC_ISSUER: ${oidcEnv.issuer}`);
  // A restore staged by the UI or the CLI replaces the data files now, before anything opens them.
  applyRestoreAtStart(config.dataDir, (line) => console.log(line));
  const app = next({ dev: config.dev, hostname: config.host, port: config.port, dir: process.cwd() });
  const handle = app.getRequestHandler();
  await app.prepare();
  db(); // open and migrate before the first request, so a broken data dir fails the start, not a request
  await ensureInitialAdmin(process.env, (line) => console.log(line));
  housekeeping();
  const timer = setInterval(housekeeping, HOUSEKEEPING_MS);
  timer.unref();

  const server = http.createServer((req, res) => {
    // The client address as seen on the socket; a header of that name sent by the client is overwritten.
    req.headers[CLIENT_IP_HEADER] = req.socket.remoteAddress ?? 'unknown';
    // Next.js answers some long paths with a redirect whose headers repeat them (over what clients and proxies
    // accept); no route of Berth's needs a path this long.
    if ((req.url?.length ?? 0) > MAX_PATH_LENGTH) {
      refuseEarly(
        req,
        res,
        414,
        'uri_too_long',
        `The request path is longer than ${MAX_PATH_LENGTH} characters`,
      );
      return;
    }
    const parsed = requestUrl(req.url);
    if (!parsed) {
      // Next.js would throw decoding it (a 500); a malformed path is the caller's mistake.
      refuseEarly(req, res, 400, 'bad_request', 'The request path is not valid percent-encoding');
      return;
    }
    // `/api/environments/{env}/<rest>` is `/api/<rest>` on that engine: from here on (Next.js included) the
    // request is the plain path, served inside that environment's engine scope.
    const scoped = environmentRequest(parsed);
    const url = scoped?.url ?? parsed;
    if (scoped) req.url = url.pathname + url.search;
    // Refused before a byte of it is read, and before any session lookup: the body's declared size.
    const limit = bodyLimit(req.method ?? 'GET', url.pathname);
    if (declaredTooLarge(req.headers['content-length'], limit)) {
      const error = tooLarge(limit);
      res.setHeader('connection', 'close'); // the rest of the body is not read
      sendError(res, error.status, error.code, error.message);
      return;
    }
    // Static assets skip the session lookup; everything else is authenticated here and again in its route.
    const decision = isPublicPath(url.pathname, config.dev)
      ? 'pass'
      : gate(
          url.pathname,
          authenticate({
            cookie: req.headers.cookie,
            authorization: req.headers.authorization,
            ip: req.socket.remoteAddress,
          }).kind === 'user',
          config.dev,
        );
    if (decision === 'unauthorized') {
      // Its body read and dropped first, as for the other early answers: a 401 sent over an unread body was lost
      // to EPIPE now and then (1 in 80 anonymous 1 MB posts; the fuzz found it).
      refuseEarly(req, res, 401, 'unauthorized', 'Log in to continue');
      return;
    }
    if (decision === 'login') {
      // A fresh install has nobody to log in: the setup page says where its one-time token is.
      const location = setupRequired() ? '/setup' : loginLocation(url.pathname + url.search);
      res.writeHead(302, { location });
      res.end();
      return;
    }
    if (scoped && !environmentExists(scoped.env)) {
      sendError(res, 404, 'not_found', `No environment "${scoped.env}"`);
      return;
    }
    // Engine calls made while serving this request are cancelled if the client leaves before its answer.
    const client = new AbortController();
    res.once('close', () => {
      if (!res.writableFinished) client.abort();
    });
    engineScope().run({ signal: client.signal, env: scoped?.env ?? LOCAL_ENVIRONMENT }, () => {
      // Answered without Next.js: the image's HEALTHCHECK probes it every second (server/http/direct.ts).
      if (url.pathname === '/api/health' && req.method === 'GET') {
        void serveDirect(healthRoute, req, res);
        return;
      }
      const csp = contentSecurityPolicy(config.dev);
      req.headers['content-security-policy'] = csp.header;
      res.setHeader('Content-Security-Policy', csp.header);
      void handle(req, res);
    });
  });
  server.on('clientError', answerClientError);
  const realtime = attachRealtime(server);
  // Stats history is collected whether anyone watches or not, from the overview's shared rounds
  // (`BERTH_STATS_HISTORY=off` turns it off: no history, and /metrics answers no containers).
  if (process.env.BERTH_STATS_HISTORY !== 'off') startStatsCollector(realtime.hubs.overview);
  // Alert rules listen on the shared events streams the socket server just made. Rule routes re-sync at once;
  // the minute timer picks up environments added or removed since (a `*` rule covers them).
  syncAlertWatcher();
  const alertSync = setInterval(() => {
    try {
      syncAlertWatcher();
    } catch (err) {
      console.error('[alerts] could not re-read the rules', err);
    }
  }, 60_000);
  alertSync.unref();
  // Log history follows its containers from the same events streams; its start never holds up the server's.
  void startLogHistory().catch((err) => console.error('[log-history] could not start', err));
  const upgrade = config.dev ? app.getUpgradeHandler() : null;
  server.on('upgrade', (req, socket, head) => {
    if (req.url?.startsWith('/socket.io')) return; // socket.io answers these itself
    if (upgrade) void upgrade(req, socket, head);
    else socket.destroy();
  });

  await new Promise<void>((resolve) => server.listen(config.port, config.host, resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  console.log(
    `[berth] listening on http://${config.host}:${port} (engine ${config.dockerHost}, data ${config.dataDir}, context ${context.id})`,
  );

  // Memory a burst left behind goes back once the server is quiet (server/idle-memory.ts).
  const idleCollector = startIdleCollector();

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`[berth] ${signal}: shutting down`);
    // Whatever happens below, the process is gone within the container stop grace period.
    setTimeout(() => process.exit(1), 8_000).unref();
    clearInterval(timer);
    idleCollector.stop();
    try {
      // Streams and exec sessions first, then the sockets; meanwhile every Compose run (HTTP requests' too).
      clearInterval(alertSync);
      stopAlertWatcher();
      // Followers closed and their delivered lines committed before the engine streams and the database go.
      stopLogHistory();
      // Its pending points are written now, while the database is open.
      stopStatsCollector();
      await Promise.all([realtime.close(), stopAllCompose()]);
      server.closeIdleConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await app.close?.();
      closeDatabase();
    } catch (err) {
      console.error('[berth] error during shutdown', err);
    }
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((err) => {
  console.error('[berth] failed to start:', err);
  process.exit(1);
});
