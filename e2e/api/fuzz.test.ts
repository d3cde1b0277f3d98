import { maxHeaderSize } from 'node:http';
import fc from 'fast-check';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLIENT_EVENTS, SOCKET_PATH } from '@/lib/realtime/contract';
import { anyValue, FUZZ_SEED, keysOf, NASTY_STRINGS, nastyString, objectWithKeys } from '@/lib/testing/fuzz';
import { JSON_BODY_LIMIT } from '@/server/http/body';
import { socketEvents } from '@/server/realtime/handlers';
import { ADMIN_PASSWORD, ADMIN_USER, adminCookie, BASE_URL, login } from '../support/api';
import { removeLabelled } from '../support/labelled';
import { acceptable, type RawAnswer, rawRequest } from '../support/raw-http';
import { enumerateRoutes, type RouteEntry, urlOf } from '../support/routes';
import { type StartedServer, startServer } from '../support/server';

/**
 * Fuzzing against the real server (issue 18): every route of the app/api table with generated path segments,
 * query strings, bodies and callers; bad cookies; raw paths; every socket event with generated payloads.
 * Every answer must come within ANSWER_MS and be < 500 (or an engine's own 502/503 `engine_*` refusal), and
 * the server must still be healthy afterwards. Seeded (BERTH_FUZZ_SEED) and bounded in runs.
 *
 * Nothing here may touch what is not its own: ids in paths are `berth-fuzz-…` (no real object has that name
 * and mutations are only ever sent with them); whatever a create route might make is named and labelled as
 * this run's and removed after. Routes that act on everything, or on the accounts and settings other test
 * files rely on, are fuzzed on a throwaway server of their own, or not at all (SKIPPED says why).
 */

const RUN = Date.now().toString(36);
const RUN_LABEL = `berth.test.fuzz=${RUN}`;
const ANSWER_MS = 10_000;
const ORIGIN = new URL(BASE_URL).origin;

/** Not sent anywhere, with the reason. */
const SKIPPED: Record<string, string> = {
  'POST /api/images/prune': 'removes every unused image of the shared engine',
  'POST /api/networks/prune': 'removes every unused network of the shared engine',
  'POST /api/volumes/prune': 'removes every unused volume of the shared engine',
  'POST /api/system/prune/containers': 'removes every stopped container of the shared engine',
  'POST /api/system/prune/build-cache': 'empties the shared engine build cache',
  'POST /api/images/remove':
    'removes images by the names in its body, which cannot be kept to fuzz-owned ones',
  'POST /api/images/pull':
    'pulls from the network: a generated valid name (e.g. "a") would wait on a registry',
  'POST /api/images/import':
    'turns any bytes the engine reads as a tar into an image it would leave behind (covered by images.test.ts)',
  'POST /api/images/build/context':
    "stores each upload for a later build (its size caps are hardening.test.ts's)",
  'POST /api/registries/login': 'logs in to the registry named in its body: network calls to generated hosts',
};

/**
 * Sent only to a throwaway server (same engine, own database): they change accounts, sessions, settings or
 * throttles the other test files rely on. Logins, log-outs and everything that may end the fuzzing admin's
 * session come last.
 */
const THROWAWAY = new Set([
  'POST /api/auth/setup',
  'POST /api/auth/password',
  'POST /api/auth/totp/setup',
  'POST /api/auth/totp/enable',
  'POST /api/auth/totp/disable',
  'POST /api/tokens',
  'PATCH /api/tokens/[id]',
  'DELETE /api/tokens/[id]',
  'POST /api/users',
  'PATCH /api/users/[id]',
  'DELETE /api/users/[id]',
  'POST /api/users/[id]/password',
  'POST /api/teams',
  'PATCH /api/teams/[id]',
  'DELETE /api/teams/[id]',
  'PUT /api/settings',
  'POST /api/registries',
  'PATCH /api/registries/[id]',
  'DELETE /api/registries/[id]',
  'DELETE /api/registries/[id]/tags',
  'POST /api/auth/login',
  'POST /api/auth/logout',
  'POST /api/auth/logout-all',
]);
const LAST = ['POST /api/auth/login', 'POST /api/auth/logout', 'POST /api/auth/logout-all'];

/** Create routes whose object bodies are named and labelled as this run's, so anything they make is found. */
const CREATES = new Set(['POST /api/containers', 'POST /api/volumes', 'POST /api/networks']);

const ROUTES = enumerateRoutes();
const SHARED = ROUTES.filter((r) => !(r.pattern in SKIPPED) && !THROWAWAY.has(r.pattern));
const OWN_SERVER = ROUTES.filter((r) => THROWAWAY.has(r.pattern)).sort(
  (a, b) => LAST.indexOf(a.pattern) - LAST.indexOf(b.pattern),
);

// ------------------------------------------------------------------------------------------- inputs

/** Broken percent-encodings, as they are written on the wire (never re-encoded). */
const BAD_ENCODINGS = ['%', '%ff', '%E0%A4%A', '%00', '%2e%2e', '%2F', '%C0%AF', '%uFFFF', '%%', '%zz'];

/** Text as it goes into a URL: encoded, or raw with broken encodings in it. */
const urlText = fc.oneof(
  // Through UTF-8 first: a lone surrogate becomes U+FFFD (encodeURIComponent would throw on it).
  nastyString.map((s) => encodeURIComponent(Buffer.from(s, 'utf8').toString('utf8')).slice(0, 4_000)),
  fc.constantFrom(...BAD_ENCODINGS),
  fc
    .tuple(fc.stringMatching(/^[a-zA-Z0-9._-]{0,12}$/), fc.constantFrom(...BAD_ENCODINGS))
    .map(([a, b]) => a + b),
  fc.constant('x'.repeat(8_000)),
);

/** A dynamic segment: always `berth-fuzz-…`, so it cannot name a real object, nor be `..`. */
const segment = urlText.map((text) => `berth-fuzz-${text.replaceAll('/', '%2F')}`);

/** For reads only: anything, `..` and raw slashes included. */
const readSegment = fc.oneof(
  segment,
  // Raw Latin-1 bytes (é is not UTF-8 on the wire), an encoded emoji.
  fc.constantFrom('..', '.', '%2e%2e', '..%2F..', '../..', '', 'berth-fuzz/../x', '%F0%9F%98%80', 'é'),
);

const QUERY_KEYS = [
  'path',
  'format',
  'force',
  'volumes',
  'tail',
  'since',
  'until',
  'type',
  'filters',
  'all',
  'refs',
  'term',
  'limit',
  'reference',
  'filename',
  'repository',
  'tag',
  'follow',
  'timestamps',
  'ps_args',
  'filter',
  'sort',
  'offset',
  'user',
  'action',
];
const queryString = fc
  .array(fc.tuple(fc.oneof(fc.constantFrom(...QUERY_KEYS), urlText), fc.oneof(urlText, fc.constant(''))), {
    maxLength: 5,
  })
  .map((pairs) => (pairs.length ? `?${pairs.map(([k, v]) => `${k}=${v}`).join('&')}` : ''));

/** JSON of any value, text that is not JSON, up to the 1 MiB cap and past it, and deep nesting. */
const body = fc.oneof(
  { weight: 6, arbitrary: anyValue.map((v) => JSON.stringify(v) ?? 'null') },
  { weight: 2, arbitrary: nastyString },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '{',
      '[1,',
      '{"a":}',
      '\u0000',
      'null',
      '"',
      '1e999999',
      '{"__proto__":{"x":1}}',
    ),
  },
  {
    weight: 1,
    arbitrary: fc
      .integer({ min: 1, max: 1024 * 1024 + 64 })
      .map((n) => JSON.stringify({ image: 'x'.repeat(Math.max(0, n - 20)) })),
  },
  {
    weight: 1,
    arbitrary: fc
      .integer({ min: 100, max: 200_000 })
      .chain((depth) =>
        fc.constantFrom(
          `${'['.repeat(depth)}${']'.repeat(depth)}`,
          `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`,
        ),
      ),
  },
);
const contentType = fc.constantFrom(
  'application/json',
  'application/json; charset=utf-8',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/x-tar',
  '',
);

type Caller = 'admin' | 'anonymous' | 'forged';
const caller = fc.constantFrom<Caller>('admin', 'admin', 'admin', 'anonymous', 'forged');

/**
 * An object body of a create route gets this run's name and label, so whatever it makes is removed after.
 * Added as text at the end (JSON.parse keeps the last of duplicate keys): a deeply nested body that the
 * parser reads may be too deep for JSON.stringify to write back.
 */
function ownedBody(route: RouteEntry, text: string, n: number): string {
  if (!CREATES.has(route.pattern)) return text;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return text;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return text;
  const owned = JSON.stringify({
    name: `berth-fuzz-${RUN}-${n}`,
    labels: ['berth.test=1', RUN_LABEL],
    ...(route.pattern === 'POST /api/containers' ? { start: false } : {}),
  });
  const body = text.trim();
  return Object.keys(value).length === 0 ? owned : `${body.slice(0, -1)},${owned.slice(1)}`;
}

// -------------------------------------------------------------------------------------------- checks

const PUBLIC = [
  'GET /api/health',
  'GET /api/auth/status',
  'POST /api/auth/login',
  'POST /api/auth/setup',
  // The login page's single sign-on buttons (id and label of the enabled providers), their start and way back.
  'GET /api/auth/oidc/providers',
  'GET /api/auth/oidc/[id]/start',
  'GET /api/auth/oidc/[id]/callback',
];

function describeAnswer(route: string, path: string, answer: RawAnswer): string {
  return `${route} ${path.slice(0, 160)} -> ${answer.status} in ${answer.ms} ms: ${answer.body.slice(0, 300)}`;
}

async function expectHealthy(base: string): Promise<void> {
  const answer = await rawRequest(base, { method: 'GET', path: '/api/health' }, ANSWER_MS);
  expect(answer.status, answer.body).toBe(200);
}

interface Target {
  base: string;
  cookie: () => Promise<string>;
  /** Called after an admin request answered 401: the session was ended by the request (log-out, disable). */
  onLoggedOut?: () => void;
}

async function fuzzRoute(target: Target, route: RouteEntry, numRuns: number, seed: number): Promise<void> {
  const reading = route.method === 'GET';
  await fc.assert(
    fc.asyncProperty(
      fc.array(reading ? readSegment : segment, { minLength: 3, maxLength: 3 }),
      queryString,
      body,
      contentType,
      caller,
      fc.nat(),
      async (segments, query, text, type, who, n) => {
        let index = 0;
        const path =
          urlOf(route.segments, () => segments[index++ % segments.length] ?? 'berth-fuzz-') + query;
        const headers: Record<string, string> = {};
        if (type) headers['content-type'] = type;
        if (who === 'admin') {
          headers.cookie = await target.cookie();
          headers.origin = new URL(target.base).origin;
        } else if (who === 'forged') headers.cookie = 'berth_session=berth-fuzz-forged';
        const sent = reading ? undefined : ownedBody(route, text, n);
        const answer = await rawRequest(
          target.base,
          { method: route.method, path, headers, ...(sent === undefined ? {} : { body: sent }) },
          ANSWER_MS,
        );
        // Over the JSON bound (413) or Node's header limit (431), the server answers and closes before
        // reading the rest: the answer may be lost to the closed connection while the body is being written.
        const head = path.length + JSON.stringify(headers).length;
        if (answer.status === 0 && (Buffer.byteLength(sent ?? '') > JSON_BODY_LIMIT || head > maxHeaderSize))
          return;
        expect(acceptable(answer), describeAnswer(route.pattern, path, answer)).toBe(true);
        if (who !== 'admin') {
          // Without a session nothing but the public routes answers with success (dot segments in a read's
          // path may lead elsewhere: to a refusal or the login page, never to data).
          if (!PUBLIC.includes(route.pattern))
            expect(
              answer.status >= 200 && answer.status < 300,
              describeAnswer(route.pattern, path, answer),
            ).toBe(false);
        } else if (answer.status === 401) target.onLoggedOut?.();
      },
    ),
    { seed, numRuns, endOnFailure: true },
  );
}

// ----------------------------------------------------------------------------------- the shared server

describe('every route of the table, fuzzed on the shared server', () => {
  beforeAll(() => expectHealthy(BASE_URL));
  afterAll(async () => {
    await removeLabelled(RUN_LABEL);
  });

  it('covers every route but the skipped ones, and the skip list names only routes that exist', () => {
    const patterns = ROUTES.map((r) => r.pattern);
    for (const skipped of [...Object.keys(SKIPPED), ...THROWAWAY]) expect(patterns).toContain(skipped);
    expect(SHARED.length + OWN_SERVER.length + Object.keys(SKIPPED).length).toBe(ROUTES.length);
    expect(SHARED.length).toBeGreaterThan(40);
  });

  it.each(SHARED.map((r) => [r.pattern, r] as const))(
    '%s answers < 500 within the bound',
    async (_, route) => {
      await fuzzRoute({ base: BASE_URL, cookie: () => adminCookie() }, route, 100, FUZZ_SEED);
    },
  );

  it('answers bad cookies with 401 (or the login page), never an error', async () => {
    const cookieValue = fc.oneof(
      urlText,
      // Header values are printable ASCII on the wire (Node refuses to send others).
      nastyString.map((s) => [...s].filter((c) => c >= ' ' && c <= '~').join('')),
      fc.constantFrom('%ff', '%E0%A4%A', '"', '";', 'a=b=c', '=', ';;;', 'x'.repeat(6_000)),
    );
    const cookieHeader = fc.oneof(
      cookieValue.map((v) => `berth_session=${v}`),
      fc.tuple(cookieValue, cookieValue).map(([a, b]) => `berth_session=${a}; berth_session=${b}`),
      cookieValue.map((v) => `${v}=${v}`),
      cookieValue,
    );
    await fc.assert(
      fc.asyncProperty(
        cookieHeader,
        fc.constantFrom('/api/auth/me', '/api/containers', '/containers', '/', '/api/auth/logout'),
        async (cookie, path) => {
          const method = path === '/api/auth/logout' ? 'POST' : 'GET';
          const answer = await rawRequest(
            BASE_URL,
            { method, path, headers: { cookie, origin: ORIGIN } },
            ANSWER_MS,
          );
          expect(acceptable(answer), describeAnswer(method, path, answer)).toBe(true);
          expect([302, 400, 401, 431], describeAnswer(method, path, answer)).toContain(answer.status);
        },
      ),
      { seed: FUZZ_SEED, numRuns: 600 },
    );
  });

  it('answers raw paths with bad encodings, dot segments and unicode < 500, and never serves a page anonymously', async () => {
    const pieces = fc.constantFrom(
      'api',
      'containers',
      'login',
      'health',
      'auth',
      'status',
      '_next',
      'static',
      '..',
      '.',
      '%2e%2e',
      '%2E%2e',
      '%2f',
      '',
      ...BAD_ENCODINGS,
    );
    const rawPath = fc.oneof(
      fc
        .array(fc.oneof(pieces, urlText), { minLength: 1, maxLength: 8 })
        .map((parts) => `/${parts.join('/')}`),
      fc.array(pieces, { minLength: 1, maxLength: 8 }).map((parts) => `/${parts.join('/')}`),
    );
    await fc.assert(
      fc.asyncProperty(rawPath, queryString, fc.boolean(), async (path, query, asAdmin) => {
        const headers: Record<string, string> = asAdmin ? { cookie: await adminCookie() } : {};
        const answer = await rawRequest(BASE_URL, { method: 'GET', path: path + query, headers }, ANSWER_MS);
        expect(acceptable(answer), describeAnswer('GET', path + query, answer)).toBe(true);
        if (!asAdmin && answer.status === 200) {
          // What an anonymous caller may read: the login page, public API answers, static assets.
          // The gate judges the normalised path (WHATWG URL): whatever Next.js then serves for the raw one
          // must be something the normalised path would have allowed too.
          const publicAnswer = /^\/(login|setup)\b|^\/api\/(health|auth\/status)\b|^\/_next\/static\//.test(
            new URL(path, 'http://x').pathname,
          );
          expect(publicAnswer, describeAnswer('GET (anonymous)', path + query, answer)).toBe(true);
          expect(answer.body, path).not.toMatch(/berth_session|"username":"admin"/);
        }
      }),
      { seed: FUZZ_SEED, numRuns: 1_500 },
    );
  });

  it('is still healthy afterwards', async () => {
    await expectHealthy(BASE_URL);
  });
});

// -------------------------------------------------------------------------------------- socket events

function emitWithAck(socket: Socket, event: string, args: unknown[], ms: number): Promise<unknown> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve('no ack'), ms);
    socket.emit(event, ...args, (payload: unknown) => {
      clearTimeout(timer);
      resolve(payload);
    });
  });
}

/** Names in payloads point at nothing real: a container id or an image reference nobody has. */
function ownedPayload(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const copy: Record<string, unknown> = { ...value };
  if (typeof copy.containerId === 'string') copy.containerId = `berth-fuzz-${copy.containerId}`;
  // localhost:1 refuses at once: no pull or push waits on a real registry.
  if (typeof copy.reference === 'string') copy.reference = `localhost:1/berth-fuzz-${copy.reference}`;
  if (copy.registryId !== undefined) delete copy.registryId;
  return copy;
}

describe('every socket event, fuzzed', () => {
  let socket: Socket;
  let disconnected = '';
  beforeAll(async () => {
    socket = io(BASE_URL, {
      path: SOCKET_PATH,
      transports: ['websocket'],
      forceNew: true,
      reconnection: false,
      extraHeaders: { cookie: await adminCookie() },
    });
    socket.on('disconnect', (reason) => (disconnected = reason));
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
  });
  afterAll(() => socket?.close());

  it.each([...CLIENT_EVENTS])(
    '%s acks { ok } for any payload, and the socket stays connected',
    async (event) => {
      const schema = socketEvents[event].schema;
      const keys = schema ? keysOf(schema) : [];
      const payload = fc.oneof(anyValue, keys.length ? objectWithKeys(keys) : anyValue);
      // Any arguments before the ack: none, one payload, several, or junk where the ack should be.
      const args = fc.oneof(
        fc.constant([] as unknown[]),
        payload.map((p) => [ownedPayload(p)]),
        fc.tuple(payload, anyValue).map(([p, extra]) => [ownedPayload(p), extra]),
      );
      await fc.assert(
        fc.asyncProperty(args, async (sent) => {
          // socket.io cannot carry undefined inside arrays: it becomes null on the wire either way.
          const ack = await emitWithAck(socket, event, sent, ANSWER_MS);
          expect(ack, `${event} ${JSON.stringify(sent)?.slice(0, 200)}`).not.toBe('no ack');
          expect(ack).toMatchObject({ ok: expect.any(Boolean) });
          const answer = ack as { ok: boolean; code?: string; error?: string };
          if (!answer.ok) {
            expect(answer.error).toEqual(expect.any(String));
            expect(answer.code, JSON.stringify(answer)).not.toBe('internal');
          }
          expect(socket.connected, `disconnected (${disconnected}) after ${event}`).toBe(true);
        }),
        { seed: FUZZ_SEED, numRuns: 120 },
      );
    },
  );

  it('survives emits of unknown events, no ack and junk in place of the ack', async () => {
    for (const junk of [...NASTY_STRINGS.slice(0, 12), 'berth-fuzz:unknown']) {
      socket.emit(junk, { x: 1 });
      socket.emit('logs:subscribe', junk, junk);
      socket.emit('exec:input', { id: junk, data: junk });
    }
    expect(await emitWithAck(socket, 'engine:status', [], ANSWER_MS)).toMatchObject({ ok: true });
    expect(socket.connected).toBe(true);
    await expectHealthy(BASE_URL);
  });
});

// ------------------------------------------------------------------------------- a throwaway server

describe('account, session and settings routes, fuzzed on a throwaway server', () => {
  let server: StartedServer;
  let cookie: Promise<string> | null = null;
  const target: Target = {
    base: '',
    cookie: () => {
      cookie ??= login(ADMIN_USER, ADMIN_PASSWORD, target.base).then((r) => r.cookie ?? 'berth_session=none');
      return cookie;
    },
    onLoggedOut: () => {
      cookie = null;
    },
  };
  beforeAll(async () => {
    server = await startServer({
      env: { BERTH_ADMIN_USER: ADMIN_USER, BERTH_ADMIN_PASSWORD: ADMIN_PASSWORD },
    });
    target.base = server.url;
  }, 90_000);
  afterAll(() => server?.stop());

  it.each(OWN_SERVER.map((r) => [r.pattern, r] as const))(
    '%s answers < 500 within the bound',
    async (_, route) => {
      await fuzzRoute(target, route, 60, FUZZ_SEED);
    },
  );

  it('is still healthy and logged no internal error', async () => {
    await expectHealthy(server.url);
    expect(server.output()).not.toMatch(/\[api\]|\[realtime\]|Unhandled|uncaught/i);
  });
});
