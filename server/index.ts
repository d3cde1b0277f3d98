import http from 'node:http';
import next from 'next';
import { config } from '@/server/config';
import { closeDatabase, db } from '@/server/db';
import { attachRealtime } from '@/server/realtime';

/**
 * One process, one port: Next.js pages and /api routes, and socket.io on the same http.Server.
 */
async function main() {
  const app = next({ dev: config.dev, hostname: config.host, port: config.port, dir: process.cwd() });
  const handle = app.getRequestHandler();
  await app.prepare();
  db(); // open and migrate before the first request, so a broken data dir fails the start, not a request

  const server = http.createServer((req, res) => {
    void handle(req, res);
  });
  const realtime = attachRealtime(server);
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
    `[berth] listening on http://${config.host}:${port} (engine ${config.dockerHost}, data ${config.dataDir})`,
  );

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`[berth] ${signal}: shutting down`);
    // Whatever happens below, the process is gone within the container stop grace period.
    setTimeout(() => process.exit(1), 8_000).unref();
    try {
      await realtime.close(); // streams and exec sessions first, then the sockets
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
