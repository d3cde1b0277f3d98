import Docker from 'dockerode';
import {
  type BenchSocket,
  connect,
  createBenchContainers,
  login,
  measureCpu,
  onInterrupt,
  pct,
  realtimeStats,
  removeContainers,
  sleep,
  table,
  writeSection,
} from './lib';

/**
 * The stats overview with 100 running containers open in 20 clients: Berth's and dockerd's CPU above idle
 * (the same window with no viewer, measured just before), engine stats calls per second, open engine stats
 * streams (the overview must not hold one per container).
 */
const BASE = process.env.BENCH_URL ?? 'http://127.0.0.1:3900';
const RUNNING = Number(process.env.BENCH_STATS_CONTAINERS ?? 100);
const CLIENTS = Number(process.env.BENCH_STATS_CLIENTS ?? 20);
const SECONDS = Number(process.env.BENCH_STATS_SECONDS ?? 60);
const engine = new Docker();

async function main() {
  const cookie = await login(BASE);
  const ids: string[] = [];
  const sockets: BenchSocket[] = [];
  const cleanup = async () => {
    for (const s of sockets) s.disconnect();
    await removeContainers(engine, ids);
  };
  onInterrupt(cleanup);
  try {
    console.log(`[bench:stats] starting ${RUNNING} containers…`);
    await createBenchContainers(engine, RUNNING, { prefix: 'berth-bench-stats', start: true }, ids);
    await sleep(5000); // let the starts settle before the idle window
    console.log(`[bench:stats] idle window, ${SECONDS} s…`);
    const idle = await measureCpu(() => sleep(SECONDS * 1000));

    let snapshots = 0;
    let lastRows = 0;
    for (let i = 0; i < CLIENTS; i++) {
      const socket = await connect(BASE, cookie);
      socket.on('overview:snapshot', ({ snapshot }) => {
        snapshots++;
        lastRows = snapshot.rows.length;
      });
      const ack = await socket.emitWithAck('overview:subscribe');
      if (!ack.ok) throw new Error(ack.error);
      sockets.push(socket);
    }
    await sleep(5000); // the sampler's first round over every container
    console.log(`[bench:stats] ${CLIENTS} viewers, ${SECONDS} s…`);
    const before = await realtimeStats(BASE, cookie);
    const snapsBefore = snapshots;
    let maxStatsStreams = 0;
    const watching = await measureCpu(async (): Promise<void> => {
      const end = Date.now() + SECONDS * 1000;
      while (Date.now() < end) {
        await sleep(Math.min(5000, end - Date.now()));
        maxStatsStreams = Math.max(maxStatsStreams, (await realtimeStats(BASE, cookie)).engineStreams.stats);
        // The engine is shared: another session's clean-up may remove our containers (it has happened).
        if (lastRows && lastRows < RUNNING)
          throw new Error(`only ${lastRows} of ${RUNNING} containers left: rerun`);
      }
    });
    const after = await realtimeStats(BASE, cookie);
    const callsPerSecond = (after.overview.statsCalls - before.overview.statsCalls) / SECONDS;
    const snapshotRate = (snapshots - snapsBefore) / SECONDS / CLIENTS;
    for (const s of sockets) s.disconnect();
    sockets.length = 0;
    await sleep(1000);
    const released = await realtimeStats(BASE, cookie);

    const above = {
      berth: watching.berth - idle.berth,
      dockerd: watching.dockerd - idle.dockerd,
    };
    const total = above.berth + above.dockerd;
    const met = total < 10;
    const body = [
      `${RUNNING} running containers (\`sleep\`), the overview subscribed by ${CLIENTS} socket.io clients for ${SECONDS} s, against the same ${SECONDS} s with no viewer just before. CPU from /proc/<pid>/stat (utime + stime) of the Berth server's process group and of dockerd, in % of one core. One run (a run takes minutes); busy shared 2-core machine: other helpers' work lands in both windows, so treat single points with care.`,
      '',
      table(
        ['measure', 'idle', `${CLIENTS} viewers`, 'above idle'],
        [
          ['Berth CPU', pct(idle.berth), pct(watching.berth), pct(above.berth)],
          ['dockerd CPU', pct(idle.dockerd), pct(watching.dockerd), pct(above.dockerd)],
          ['engine stats calls / s', '0', callsPerSecond.toFixed(1), ''],
          ['open engine stats streams (max seen)', '0', String(maxStatsStreams), ''],
          ['snapshots / s per client', '', snapshotRate.toFixed(2), ''],
        ],
      ),
      '',
      `Containers in the last snapshot: ${lastRows}. Overview viewers during: ${after.overview.viewers}; after every client left: ${released.overview.viewers} (sampler ${released.overview.active ? 'still running' : 'stopped'}).`,
      '',
      `**Berth + dockerd above idle: ${pct(total)}** — target < 10 % of one core: ${met ? 'met' : 'NOT met'}. Open engine stats streams: ${maxStatsStreams} (target 0: ${maxStatsStreams === 0 ? 'met' : 'NOT met'}).`,
    ].join('\n');
    writeSection('stats', 'Stats: the overview of 100 containers in 20 clients', body);
    console.log(body);
  } finally {
    await cleanup();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
