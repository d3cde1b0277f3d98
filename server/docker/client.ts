import { AsyncLocalStorage } from 'node:async_hooks';
import Docker from 'dockerode';
import { LOCAL_ENVIRONMENT } from '@/lib/environments/types';
import { config } from '@/server/config';
import { contextValue, serverContext } from '@/server/context';
import { DEFAULT_ENGINE_TIMEOUT_MS, engineDeadline, isBrokenAnswer } from '@/server/docker/deadline';
import { dockerOptions } from '@/server/environments/connection';
import {
  type EngineConnection,
  environmentAddress,
  environmentConnection,
} from '@/server/environments/store';

/**
 * What an engine call made while serving one client may know of it: whether that client is still there, and
 * which engine (environment) it is about. No `env`: the built-in `local`.
 */
export interface EngineCallScope {
  signal?: AbortSignal;
  env?: string;
}

interface DialOptions {
  path: string;
  method: string;
  isStream?: boolean;
  hijack?: boolean;
  abortSignal?: AbortSignal;
  [key: string]: unknown;
}
type DialCallback = (err: unknown, data: unknown) => void;

/** The base deadline of one engine call (BERTH_ENGINE_TIMEOUT_MS, else DEFAULT_ENGINE_TIMEOUT_MS). */
export function engineTimeoutMs(): number {
  const given = Number(process.env.BERTH_ENGINE_TIMEOUT_MS);
  return Number.isFinite(given) && given > 0 ? given : DEFAULT_ENGINE_TIMEOUT_MS;
}

/** An error of Berth's own about the engine's answer, mapped by server/http/errors.ts. */
function engineFault(code: 'ENGINE_DEADLINE' | 'ENGINE_BAD_ANSWER', message: string): Error {
  return Object.assign(new Error(message), { code });
}

/** The engine did not answer within `deadlineMs`. */
export function deadlineFault(deadlineMs: number): Error {
  return engineFault(
    'ENGINE_DEADLINE',
    `Docker engine did not answer within ${Math.round(deadlineMs / 1000)} s`,
  );
}

/** The engine's answer is cut or not JSON. */
export function badAnswerFault(): Error {
  return engineFault('ENGINE_BAD_ANSWER', 'Docker engine sent an answer that is cut or not JSON');
}

/**
 * Every engine call goes through here: a deadline on each non-streaming call, cancelled when the client it
 * serves goes away (the scope's signal), and a cut or garbled answer turned into an error instead of a Buffer.
 * Aborting destroys the request, so an abandoned call frees its connection and file descriptor.
 */
function guardDial(docker: Docker): Docker {
  const modem = docker.modem as unknown as { dial: (o: DialOptions, cb: DialCallback) => void };
  const dial = modem.dial.bind(modem);
  modem.dial = (options, callback) => {
    const signals: AbortSignal[] = [];
    const client = engineScope().getStore()?.signal;
    if (client) signals.push(client);
    if (options.abortSignal) signals.push(options.abortSignal);
    const bounded = !options.isStream && !options.hijack;
    const deadline = bounded ? engineDeadline(options.method, options.path, engineTimeoutMs()) : null;
    const expiry = new AbortController();
    if (deadline !== null) signals.push(expiry.signal);
    const signal = signals.length > 1 ? AbortSignal.any(signals) : signals[0];

    // Exactly one answer: docker-modem never calls back for an engine that hangs up after the headers.
    let settled = false;
    const settle = (err: unknown, data: unknown) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (!err && bounded && isBrokenAnswer(data)) {
        callback(badAnswerFault(), null);
      } else callback(err, data);
    };
    const timer =
      deadline === null
        ? undefined
        : setTimeout(() => {
            expiry.abort(); // destroys the request: its connection and file descriptor go
            settle(deadlineFault(deadline), null);
          }, deadline);
    dial({ ...options, ...(signal ? { abortSignal: signal } : {}) }, settle);
  };
  return docker;
}

/**
 * The dockerode client of the current environment (the engine scope's `env`; `local` outside any), one per
 * environment, made at first use.
 *
 * `local`: docker-modem reads DOCKER_HOST (unix:// or tcp://), DOCKER_TLS_VERIFY and DOCKER_CERT_PATH itself.
 * No API version is pinned: it then calls unversioned paths and every engine answers with its own newest
 * API, which keeps Berth working from Engine 20.10 (API 1.41) to Docker 29 (which refuses clients below 1.44).
 */
export function docker(): Docker {
  const env = currentEnvironment();
  const clients = contextValue('engines', () => new Map<string, Docker>());
  let client = clients.get(env);
  if (!client) {
    client = env === LOCAL_ENVIRONMENT ? guardDial(new Docker()) : engineClient(environmentConnection(env));
    clients.set(env, client);
  }
  return client;
}

/** A client for a connection, kept by nobody: a check of what a form holds, before it is saved. */
export function engineClient(connection: EngineConnection): Docker {
  return guardDial(new Docker(dockerOptions(connection)));
}

/** Forgets what Berth keeps of an environment (its client, caches): after it is changed or removed. */
export function forgetEnvironment(env: string): void {
  const ctx = serverContext();
  ctx.engines?.delete(env);
  ctx.containerListCache?.delete(env);
  ctx.diskUsage?.delete(env);
  ctx.engineClock?.delete(env);
}

/** The environment the current engine calls are about. */
export function currentEnvironment(): string {
  return engineScope().getStore()?.env ?? LOCAL_ENVIRONMENT;
}

/** Runs `work` against another environment, still serving the same client (its signal is kept). */
export function withEnvironment<T>(env: string, work: () => T): T {
  const scope = engineScope().getStore();
  return engineScope().run({ ...scope, env }, work);
}

/**
 * A value kept per environment in the server context (a cache, a shared call): made at first use for the
 * current environment, with `create` run inside that environment so what it calls later stays on it.
 */
export function perEnvironment<T>(map: Map<string, T>, create: (env: string) => T): T {
  const env = currentEnvironment();
  let value = map.get(env);
  if (value === undefined) {
    value = create(env);
    map.set(env, value);
  }
  return value;
}

/** The client each engine call serves, as set around every HTTP request by server/index.ts. */
export function engineScope(): AsyncLocalStorage<EngineCallScope> {
  return contextValue('engineScope', () => new AsyncLocalStorage<EngineCallScope>());
}

/**
 * Runs work whose engine calls are shared by many clients (a cached list, one disk-usage measurement): one
 * client leaving must not cancel it for the others. Deadlines still apply.
 */
export function sharedEngineWork<T>(work: () => T): T {
  // The environment stays: only the client's signal is dropped.
  return engineScope().run({ env: currentEnvironment() }, work);
}

/**
 * Runs shared work (a hub's upstream, opened for whoever subscribes first) in an environment's scope,
 * without the signal of the client that happened to start it.
 */
export function sharedInEnvironment<T>(env: string, work: () => T): T {
  return engineScope().run({ env }, work);
}

/** Where the engine is expected, for messages such as "Docker engine unreachable at …". */
export function engineAddress(): string {
  const env = currentEnvironment();
  if (env === LOCAL_ENVIRONMENT) return config.dockerHost;
  const address = environmentAddress(env);
  return address ? `${address} (environment ${env})` : `environment ${env}`;
}
