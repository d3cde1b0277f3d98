import type { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { EventEmitter } from 'node:events';
import type Docker from 'dockerode';
import type { AppSettings } from '@/lib/settings/app';
import type { AlertWatcher } from '@/server/alerts/watcher';
import type { AuthEvents } from '@/server/auth/events';
import type { OidcState } from '@/server/auth/oidc/state';
import type { PasskeyChallenges } from '@/server/auth/passkey-challenges';
import type { LoginLimiters } from '@/server/auth/throttle';
import type { ComposeProbe } from '@/server/compose/binary';
import type { ComposeProcesses } from '@/server/compose/runner';
import type { Db } from '@/server/db';
import type { EngineCallScope } from '@/server/docker/client';
import type { ContainerLists } from '@/server/docker/containers';
import type { DfMeasurement } from '@/server/docker/disk-usage';
import type { EngineClock } from '@/server/docker/events';
import type { SharedCall } from '@/server/docker/shared-call';
import type { StoredContext } from '@/server/images/build';
import type { ImageJobs } from '@/server/images/jobs';
import type { LogHistoryState } from '@/server/log-history/ingest';
import type { Hubs } from '@/server/realtime/handlers';
import type { ImageUpdateCache } from '@/server/registries/updates';
import type { StatsCollector } from '@/server/stats-history/collector';

/**
 * Everything the process holds once: the database, the engine client, caches, job and stream hubs.
 *
 * Why a context and not module-level variables: the esbuild-compiled custom server (dist/server.mjs) and each
 * route bundle that Next.js builds load their own copy of every module under server/, so a module-level `let`
 * exists once per copy (a cache would be filled in one and read empty in another; a hub published by the
 * socket server would be unseen by the routes). All such state lives in this one object instead, created by the
 * custom server at start (`createServerContext`) and reached by every copy through `serverContext()`.
 *
 * Rule: a new piece of process state is a field here, never a module-level variable.
 */
export interface ServerContext {
  /** Tells one context from another: route handlers and socket handlers report the same id (tested). */
  readonly id: string;
  readonly createdAt: number;
  db: Db | null;
  /** One engine client per environment (server/docker/client.ts), dropped when its environment changes. */
  engines: Map<string, Docker> | null;
  /** Which client each engine call serves, so a call is cancelled when its client goes away. */
  engineScope: AsyncLocalStorage<EngineCallScope> | null;
  /** Settings are read on every guarded request: cached, refreshed on write. */
  settings: AppSettings | null;
  /** The at-rest encryption key. */
  secretKey: Buffer | null;
  /** Hash of the one-time first-run token; null once used or when none was issued. */
  setupTokenHash: string | null;
  authEvents: EventEmitter<AuthEvents> | null;
  loginLimiters: LoginLimiters | null;
  /** WebAuthn challenges waiting for their answer: short-lived, single use. */
  passkeyChallenges: PasskeyChallenges | null;
  /** OIDC sign-ins waiting for the provider's answer, and the providers' discovered configurations. */
  oidc: OidcState | null;
  /** Uploaded build contexts waiting for their build (the upload is a route, the build a socket event). */
  buildContexts: Map<string, StoredContext> | null;
  /** Per environment: everything below that an engine answered is kept per engine. */
  containerListCache: Map<string, ContainerLists> | null;
  /** The one `system df` call per engine, shared by every caller and kept a few seconds. */
  diskUsage: Map<string, SharedCall<DfMeasurement>> | null;
  engineClock: Map<string, EngineClock> | null;
  imageJobs: ImageJobs | null;
  /** Shared engine streams and subscriptions, published by the socket server when it attaches. */
  hubs: Hubs | null;
  /** Uploads in progress per user id (server/limits.ts): bounded by the limits settings. */
  uploadsInFlight: Map<number, number> | null;
  /** Long-running jobs (pulls, pushes, builds, Compose actions, recreates) in flight per user. */
  jobsInFlight: Map<number, number> | null;
  /** The Compose v2 binary found at first use (or why there is none), re-checked after a while when missing. */
  composeBinary: ComposeProbe | null;
  /** The check under way, shared by callers that arrive meanwhile. */
  composeProbePending: Promise<ComposeProbe> | null;
  /** Every running `docker compose` child, killed at shutdown whoever started it. */
  composeProcesses: ComposeProcesses | null;
  /** Stacks with an action running (name → action): one at a time per stack. */
  stackBusy: Map<string, string> | null;
  /** What registries answered to update checks, and the checks under way (server/registries/updates.ts). */
  imageUpdates: ImageUpdateCache | null;
  /** Containers being recreated (ids and names): one recreate at a time per container. */
  containersRecreating: Set<string> | null;
  /** The alert rules in force and the events-stream listeners that evaluate them (server/alerts/watcher.ts). */
  alertWatcher: AlertWatcher | null;
  /** Log history: its store, followers and pending lines (server/log-history/ingest.ts). */
  logHistory: LogHistoryState | null;
  /** The stats history collector (server/stats-history/collector.ts): its latest samples also answer /metrics. */
  statsCollector: StatsCollector | null;
}

type LazyField = Exclude<keyof ServerContext, 'id' | 'createdAt'>;

// The one globalThis key of the code base (see above); a Symbol.for key so every module copy finds it.
const CONTEXT_KEY = Symbol.for('berth.server-context');
type WithContext = typeof globalThis & { [CONTEXT_KEY]?: ServerContext };

function emptyContext(): ServerContext {
  return {
    id: randomUUID(),
    createdAt: Date.now(),
    db: null,
    engines: null,
    engineScope: null,
    settings: null,
    secretKey: null,
    setupTokenHash: null,
    authEvents: null,
    loginLimiters: null,
    passkeyChallenges: null,
    oidc: null,
    buildContexts: null,
    containerListCache: null,
    diskUsage: null,
    engineClock: null,
    imageJobs: null,
    hubs: null,
    uploadsInFlight: null,
    jobsInFlight: null,
    composeBinary: null,
    composeProbePending: null,
    composeProcesses: null,
    stackBusy: null,
    imageUpdates: null,
    containersRecreating: null,
    alertWatcher: null,
    logHistory: null,
    statsCollector: null,
  };
}

/** Called once by the custom server before anything else; fails loudly if state was made before it. */
export function createServerContext(): ServerContext {
  const g = globalThis as WithContext;
  if (g[CONTEXT_KEY])
    throw new Error('The server context already exists: create it before any module uses it');
  g[CONTEXT_KEY] = emptyContext();
  return g[CONTEXT_KEY];
}

/**
 * The process's context. Outside the custom server (unit tests, `next build` collecting routes) the first caller
 * creates it, so modules can be used without the server.
 */
export function serverContext(): ServerContext {
  const g = globalThis as WithContext;
  g[CONTEXT_KEY] ??= emptyContext();
  return g[CONTEXT_KEY];
}

/** A field of the context, made on first use. */
export function contextValue<K extends LazyField>(
  field: K,
  create: () => NonNullable<ServerContext[K]>,
): NonNullable<ServerContext[K]> {
  const ctx = serverContext();
  const value = ctx[field] ?? create();
  ctx[field] = value;
  return value;
}

/** Drops the context (tests that start again from nothing). */
export function discardServerContext(): void {
  (globalThis as WithContext)[CONTEXT_KEY] = undefined;
}
