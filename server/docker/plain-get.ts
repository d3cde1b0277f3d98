import http from 'node:http';
import https from 'node:https';
import type Docker from 'dockerode';
import { docker, engineScope, engineTimeoutMs } from '@/server/docker/client';
import { engineDeadline } from '@/server/docker/deadline';

/** What of docker-modem's settings a plain request needs (its fields, set from DOCKER_HOST or dockerOptions). */
interface ModemSettings {
  /** A path, or (no DOCKER_HOST) docker-modem's function that finds the default socket. */
  socketPath?: string | (() => string | Promise<string>);
  getSocketPath(): Promise<string> | undefined;
  host?: string;
  port?: number | string;
  protocol?: string;
  pathPrefix?: string;
  version?: string;
  ca?: string | Buffer;
  cert?: string | Buffer;
  key?: string | Buffer;
  headers?: Record<string, string>;
}

/** Kept-alive connections of one engine client, for frequent small reads. */
interface Transport {
  agent: http.Agent;
  request: typeof http.request;
  /** Where to connect; for a socket path docker-modem finds at first use, set once found. */
  base: http.RequestOptions | null;
  find?: Promise<http.RequestOptions>;
  prefix: string;
}

/** A free connection is closed after this long unused (an idle engine then holds no socket of Berth's). */
const FREE_SOCKET_MS = 15_000;
const MAX_SOCKETS = 16;

const transports = new WeakMap<Docker, Transport | null>();

function transportOf(client: Docker): Transport | null {
  if (transports.has(client)) return transports.get(client) ?? null;
  const m = client.modem as unknown as ModemSettings;
  let transport: Transport | null = null;
  const options = { keepAlive: true, maxSockets: MAX_SOCKETS, timeout: FREE_SOCKET_MS };
  const prefix = `${m.pathPrefix?.replace(/\/$/, '') ?? ''}${m.version ? `/${m.version}` : ''}`;
  if (m.socketPath) {
    const found = Promise.resolve(m.getSocketPath()).then((socketPath) => {
      const base = { socketPath: String(socketPath) };
      if (transport) transport.base = base;
      return base;
    });
    transport = { agent: new http.Agent(options), request: http.request, base: null, find: found, prefix };
  } else if (m.host && (m.protocol === 'http' || m.protocol === 'https')) {
    const tls = m.protocol === 'https';
    transport = {
      agent: tls ? new https.Agent(options) : new http.Agent(options),
      request: tls ? https.request : http.request,
      base: { host: m.host, port: m.port, ...(tls ? { ca: m.ca, cert: m.cert, key: m.key } : {}) },
      prefix,
    };
  }
  // ssh (a connection per call through ssh2) and anything else: null, the caller goes through dockerode.
  transports.set(client, transport);
  return transport;
}

/** Whether the engine of this client is read with plain requests (unix, tcp, TLS), not through dockerode (SSH). */
export function hasPlainTransport(client: Docker): boolean {
  return transportOf(client) !== null;
}

function engineError(status: number, body: string): Error {
  let message = body.trim();
  try {
    const parsed = JSON.parse(body) as { message?: string };
    if (parsed.message) message = parsed.message;
  } catch {
    // plain text
  }
  return Object.assign(new Error(`(HTTP code ${status}) ${message}`), {
    statusCode: status,
    reason: message,
  });
}

/**
 * A GET of JSON from the current environment's engine on kept-alive connections, without dockerode: for small
 * reads made many times a second (the stats rounds read every running container every 10 s whether anyone
 * watches or not). docker-modem formats every request's options with `util.inspect` for its debug log, even
 * with the log off, and opens a connection per call on the global agent's terms; measured per one-shot stats
 * call: 355 µs of CPU this way against 530 µs through dockerode (bench/results.md, footprint).
 *
 * Same bounds as every engine call (server/docker/client.ts guardDial): the deadline of engineDeadline and the
 * scope's client signal. Returns undefined where there is no plain transport (SSH): the caller uses dockerode.
 */
export function engineGetJson<T>(path: string, client: Docker = docker()): Promise<T> | undefined {
  const transport = transportOf(client);
  if (!transport) return undefined;
  if (transport.base) return plainGet<T>(transport, transport.base, path);
  const find = transport.find ?? Promise.reject(new Error('no engine address'));
  return find.then((base) => plainGet<T>(transport, base, path));
}

function plainGet<T>(transport: Transport, base: http.RequestOptions, path: string): Promise<T> {
  const deadline = engineDeadline('GET', path, engineTimeoutMs()) ?? engineTimeoutMs();
  const client = engineScope().getStore()?.signal;
  const gone = () => Object.assign(new Error('The client went away'), { code: 'ABORT_ERR' });
  // A client already gone: no connection is taken for it (the agent connects when the request is made).
  if (client?.aborted) return Promise.reject(gone());
  return new Promise<T>((resolve, reject) => {
    const req = transport.request(
      { ...base, agent: transport.agent, method: 'GET', path: `${transport.prefix}${path}` },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', fail);
        res.on('end', () => {
          // The answer is complete: its connection goes back to the agent, so nothing is destroyed from here.
          done();
          const body = Buffer.concat(chunks).toString('utf8');
          const status = res.statusCode ?? 0;
          if (status < 200 || status >= 300) return reject(engineError(status, body));
          try {
            resolve(JSON.parse(body) as T);
          } catch {
            reject(
              Object.assign(new Error('Docker engine sent an answer that is cut or not JSON'), {
                code: 'ENGINE_BAD_ANSWER',
              }),
            );
          }
        });
      },
    );
    const timer = setTimeout(() => {
      const seconds = Math.round(deadline / 1000);
      fail(
        Object.assign(new Error(`Docker engine did not answer within ${seconds} s`), {
          code: 'ENGINE_DEADLINE',
        }),
      );
    }, deadline);
    const onAbort = () => fail(gone());
    client?.addEventListener('abort', onAbort, { once: true });
    function done() {
      clearTimeout(timer);
      client?.removeEventListener('abort', onAbort);
    }
    function fail(err: Error) {
      done();
      // Destroying the request closes its connection and file descriptor: nothing is left waiting.
      req.destroy();
      reject(err);
    }
    req.on('error', fail);
    req.end();
  });
}
