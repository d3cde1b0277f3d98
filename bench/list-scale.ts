import { readFileSync } from 'node:fs';
import http from 'node:http';
import type Docker from 'dockerode';
import {
  BENCH_IMAGE,
  BENCH_LABEL,
  BENCH_LABELS,
  benchPids,
  ms,
  pool,
  type Summary,
  sleep,
  summarize,
  table,
  writeSection,
} from './lib';

/**
 * `list:scale` (issue 19): the container list at fleet scale, in one run beside the raw engine:
 * - `BENCH_CONTAINERS` (10,000) created containers, made 32 at a time through the Engine API (time reported);
 * - raw `GET /containers/json?all=1` warm (nothing changed) and cold (a container renamed just before), against
 *   Berth's `GET /api/containers?all=1` in the same turns, interleaved;
 * - the previous path for reference: `?state=stopped` is still served by the probe-checked cache that re-lists
 *   after any change (list-cache.ts), on the same containers;
 * - 50 concurrent clients for `BENCH_SCALE_SECONDS` against Berth, then against the raw engine: lists/s, and
 *   Berth's RSS idle and its peak under that load;
 * - the paged list `GET /api/containers/page?limit=100&sort=name`, with and without `q=`.
 */
const BASE = process.env.BENCH_URL ?? 'http://127.0.0.1:3900';
const COUNT = Number(process.env.BENCH_CONTAINERS ?? 10_000);
const REQUESTS = Number(process.env.BENCH_SCALE_REQUESTS ?? 15);
const CLIENTS = Number(process.env.BENCH_SCALE_CLIENTS ?? 50);
const SECONDS = Number(process.env.BENCH_SCALE_SECONDS ?? 20);
const PAGE_REQUESTS = Number(process.env.BENCH_PAGE_REQUESTS ?? 30);

function timeGet(opts: http.RequestOptions): Promise<{ ms: number; bytes: number }> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.get({ ...opts, agent: false }, (res) => {
      let bytes = 0;
      res.on('data', (b: Buffer) => (bytes += b.length));
      res.on('end', () =>
        res.statusCode === 200
          ? resolve({ ms: performance.now() - t0, bytes })
          : reject(new Error(`${opts.path}: ${res.statusCode}`)),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}

function rssOf(pids: number[]): number {
  let kb = 0;
  for (const pid of pids) {
    try {
      const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (m) kb += Number(m[1]);
    } catch {}
  }
  return kb * 1024;
}

/** Requests/s of `clients` loops over `get` for `seconds`. */
async function throughput(get: () => Promise<unknown>, clients: number, seconds: number) {
  const end = performance.now() + seconds * 1000;
  let done = 0;
  let errors = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (performance.now() < end) {
        try {
          await get();
          done++;
        } catch {
          errors++;
        }
      }
    }),
  );
  return { perSecond: done / ((performance.now() - t0) / 1000), done, errors };
}

export async function benchScale(engine: Docker, cookie: string, ids: string[]): Promise<void> {
  const url = new URL(BASE);
  const berth = (path: string) => () =>
    timeGet({ host: url.hostname, port: url.port, path, headers: { cookie } });
  const berthAll = berth('/api/containers?all=1');
  const berthOld = berth('/api/containers?state=stopped');
  const raw = () => timeGet({ socketPath: '/var/run/docker.sock', path: '/containers/json?all=1' });

  console.log(`[bench:scale] creating ${COUNT} containers, 32 at a time…`);
  const tag = `berth-bench-scale-${Date.now().toString(36)}`;
  const c0 = performance.now();
  let first = '';
  await pool(
    Array.from({ length: COUNT }, (_, i) => i),
    32,
    async (i) => {
      const c = await engine.createContainer({
        Image: BENCH_IMAGE,
        name: `${tag}-${i}`,
        Cmd: ['true'],
        Labels: BENCH_LABELS,
        HostConfig: { NetworkMode: 'none' },
      });
      ids.push(c.id);
      if (i === 0) first = c.id;
      if (i % 1000 === 999) console.log(`[bench:scale] ${i + 1} created`);
    },
  );
  const createSeconds = (performance.now() - c0) / 1000;
  console.log(`[bench:scale] created in ${createSeconds.toFixed(0)} s`);

  // ids are in the order the creates finished: the rename needs the one named `-0`.
  const one = first;
  const name = `${tag}-0`;
  let renamed = false;
  const change = async () => {
    renamed = !renamed;
    await engine.getContainer(one).rename({ name: renamed ? `${name}-r` : name });
  };
  // Warm-ups: the engine's first lists after 10,000 creates are slow, and may pass Berth's 15 s engine deadline.
  const retry = async (get: () => Promise<unknown>) => {
    for (let t = 1; ; t++) {
      try {
        return await get();
      } catch (err) {
        if (t === 3) throw err;
        console.log(`[bench:scale] warm-up: ${(err as Error).message}; again`);
      }
    }
  };
  for (let i = 0; i < 2; i++) {
    await retry(raw);
    await retry(berthAll);
    await retry(berthOld);
  }
  const pids = benchPids().berth;
  await sleep(2000);
  const rssIdle = rssOf(pids);

  // Warm: nothing changed between requests.
  const rw: number[] = [];
  const bw: number[] = [];
  let sizes = { raw: 0, berth: 0 };
  for (let i = 0; i < REQUESTS; i++) {
    const first = i % 2 ? raw : berthAll;
    const second = i % 2 ? berthAll : raw;
    const a = await first();
    const b = await second();
    const [x, y] = i % 2 ? [a, b] : [b, a];
    rw.push(x.ms);
    bw.push(y.ms);
    sizes = { raw: x.bytes, berth: y.bytes };
  }
  // Cold: a container renamed on the engine just before each request.
  const rc: number[] = [];
  const bc: number[] = [];
  const oc: number[] = [];
  let oldErrors = 0;
  const rco: number[] = [];
  for (let i = 0; i < REQUESTS; i++) {
    await change();
    if (i % 2) {
      rc.push((await raw()).ms);
      bc.push((await berthAll()).ms);
    } else {
      bc.push((await berthAll()).ms);
      rc.push((await raw()).ms);
    }
    // The previous path (probe, then a full re-list after any change), in the same turns.
    await change();
    // A re-list of 10,000 may pass Berth's 15 s engine deadline on this busy machine: counted, not fatal.
    try {
      oc.push((await berthOld()).ms);
      rco.push((await raw()).ms);
    } catch (err) {
      oldErrors++;
      console.log(`[bench:scale] previous path: ${(err as Error).message}`);
    }
  }
  if (renamed) await change();

  // Concurrent clients.
  let rssPeak = rssIdle;
  const sampler = setInterval(() => {
    rssPeak = Math.max(rssPeak, rssOf(pids));
  }, 100);
  const tb = await throughput(berthAll, CLIENTS, SECONDS);
  clearInterval(sampler);
  const tr = await throughput(raw, CLIENTS, SECONDS);

  // Paged list.
  const page = berth('/api/containers/page?limit=100&sort=name');
  const pageQ = berth(`/api/containers/page?limit=100&sort=name&q=${encodeURIComponent(`${tag}-77`)}`);
  const pageFirst = (await page()).ms;
  const pageQFirst = (await pageQ()).ms;
  const pp: number[] = [];
  const pq: number[] = [];
  for (let i = 0; i < PAGE_REQUESTS; i++) {
    pp.push((await page()).ms);
    pq.push((await pageQ()).ms);
  }

  const s = {
    rw: summarize(rw),
    bw: summarize(bw),
    rc: summarize(rc),
    bc: summarize(bc),
    oc: summarize(oc),
    rco: summarize(rco),
    pp: summarize(pp),
    pq: summarize(pq),
  };
  const row = (label: string, x: Summary) => [label, ms(x.median), ms(x.p95), ms(x.min), ms(x.max)];
  const warmRatio = s.bw.median / s.rw.median;
  const coldRatio = s.bc.median / s.rc.median;
  const oldRatio = s.oc.median / s.rco.median;
  const tputRatio = tb.perSecond / tr.perSecond;
  const rssRatio = rssPeak / rssIdle;
  const met = (ok: boolean) => (ok ? 'met' : 'NOT met');
  const mb = (b: number) => `${(b / 2 ** 20).toFixed(0)} MB`;
  const body = [
    `${COUNT.toLocaleString('en')} created containers (made 32 at a time through the Engine API in ${createSeconds.toFixed(0)} s), plus whatever other sessions had on the shared engine; ${REQUESTS} requests of each kind, interleaved, each timed to its last byte. Body: raw ${(sizes.raw / 2 ** 20).toFixed(1)} MB, Berth ${(sizes.berth / 2 ** 20).toFixed(1)} MB. Busy shared 2-core machine (other sessions building).`,
    '',
    table(
      ['path', 'p50', 'p95', 'min', 'max'],
      [
        row('raw Engine `GET /containers/json?all=1`, nothing changed', s.rw),
        row('Berth `GET /api/containers?all=1`, nothing changed (warm)', s.bw),
        row('raw Engine, right after a `rename` of one container', s.rc),
        row('Berth, right after a `rename` (cold: the first list after a change)', s.bc),
        row('Berth, previous path after a rename (`?state=stopped`: probe, then re-list)', s.oc),
        row('raw Engine, in the same turns as the row above', s.rco),
      ],
    ),
    '',
    table(
      ['measure', 'Berth', 'raw Engine', 'ratio', 'target'],
      [
        [
          'list warm p50',
          ms(s.bw.median),
          ms(s.rw.median),
          `${warmRatio.toFixed(3)}×`,
          `≤ 0.2×: ${met(warmRatio <= 0.2)}`,
        ],
        [
          'list cold p50',
          ms(s.bc.median),
          ms(s.rc.median),
          `${coldRatio.toFixed(3)}×`,
          `≤ 1.05×: ${met(coldRatio <= 1.05)}`,
        ],
        [
          'list cold p50, previous path',
          `${ms(s.oc.median)}${oldErrors ? ` (${oldErrors} of ${REQUESTS} failed)` : ''}`,
          ms(s.rco.median),
          `${oldRatio.toFixed(2)}×`,
          'reference',
        ],
        [
          `${CLIENTS} concurrent clients, ${SECONDS} s each side`,
          `${tb.perSecond.toFixed(1)} lists/s (${tb.errors} errors)`,
          `${tr.perSecond.toFixed(2)} lists/s (${tr.errors} errors)`,
          `${tputRatio.toFixed(1)}×`,
          `≥ 1.0×: ${met(tputRatio >= 1)}`,
        ],
        [
          'Berth RSS idle → peak under that load',
          `${mb(rssIdle)} → ${mb(rssPeak)}`,
          '',
          `${rssRatio.toFixed(2)}×`,
          `≤ 1.5×: ${met(rssRatio <= 1.5)}`,
        ],
        [
          '`/api/containers/page?limit=100&sort=name` p50',
          `${ms(s.pp.median)} (first ${ms(pageFirst)})`,
          '',
          '',
          `≤ 30 ms: ${met(s.pp.median <= 30)}`,
        ],
        [
          '… with `q=` p50',
          `${ms(s.pq.median)} (first ${ms(pageQFirst)})`,
          '',
          '',
          `≤ 30 ms: ${met(s.pq.median <= 30)}`,
        ],
      ],
    ),
    '',
    'Berth keeps the full list current from the engine’s event log (server/docker/live-list.ts): before each read one `GET /events?since=…&until=now` probe (~1 ms), and a change costs one `GET /containers/json?filters={"id":[…]}` for the containers it touched; concurrent readers share one probe, and the JSON body is serialised once per list version. The age texts ("Up 5 minutes") are refreshed by a background re-list at most every max(3 s, 10× the last re-list).',
  ].join('\n');
  writeSection('list-scale', `List at fleet scale: ${COUNT.toLocaleString('en')} containers`, body);
  console.log(body);
}

/** Removes the scale containers by label, 32 at a time (also those a crashed earlier run left). */
export async function removeScale(engine: Docker): Promise<void> {
  const left = await engine.listContainers({ all: true, filters: JSON.stringify({ label: [BENCH_LABEL] }) });
  const ours = left.filter((c) => c.Names?.[0]?.startsWith('/berth-bench-scale-'));
  console.log(`[bench:scale] removing ${ours.length} containers…`);
  await pool(ours, 32, (c) =>
    engine
      .getContainer(c.Id)
      .remove({ force: true })
      .catch(() => {}),
  );
}
