/** One point of a container's resource use, computed the way `docker stats` computes it. */
export interface StatsSample {
  /** Unix milliseconds of the engine's reading. */
  time: number;
  cpuPercent: number;
  memoryUsage: number;
  memoryLimit: number;
  memoryPercent: number;
  /** Bytes per second since the previous reading (0 for the first). */
  netRxRate: number;
  netTxRate: number;
  blockRead: number;
  blockWrite: number;
  pids: number;
}

export interface RawStats {
  read?: string;
  cpu_stats?: {
    cpu_usage?: { total_usage?: number; percpu_usage?: number[] };
    system_cpu_usage?: number;
    online_cpus?: number;
  };
  precpu_stats?: { cpu_usage?: { total_usage?: number }; system_cpu_usage?: number };
  memory_stats?: { usage?: number; limit?: number; stats?: Record<string, number> };
  networks?: Record<string, { rx_bytes?: number; tx_bytes?: number }>;
  blkio_stats?: { io_service_bytes_recursive?: { op?: string; value?: number }[] | null };
  pids_stats?: { current?: number };
}

/** Memory as the CLI shows it: page cache that could be dropped is not counted (cgroup v1 and v2 names). */
export function memoryUsage(mem: RawStats['memory_stats']): number {
  const usage = mem?.usage ?? 0;
  const stats = mem?.stats ?? {};
  const cache = stats.total_inactive_file ?? stats.inactive_file ?? stats.cache ?? 0;
  return cache < usage ? usage - cache : usage;
}

export function cpuPercent(raw: RawStats): number {
  const cpu = raw.cpu_stats?.cpu_usage?.total_usage ?? 0;
  const preCpu = raw.precpu_stats?.cpu_usage?.total_usage ?? 0;
  const system = raw.cpu_stats?.system_cpu_usage ?? 0;
  const preSystem = raw.precpu_stats?.system_cpu_usage ?? 0;
  const cpus = raw.cpu_stats?.online_cpus || raw.cpu_stats?.cpu_usage?.percpu_usage?.length || 1;
  const cpuDelta = cpu - preCpu;
  const systemDelta = system - preSystem;
  // No earlier reading: a delta from zero would be the lifetime average, not the current use.
  if (preSystem <= 0 || cpuDelta <= 0 || systemDelta <= 0) return 0;
  return (cpuDelta / systemDelta) * cpus * 100;
}

function networkTotals(raw: RawStats): { rx: number; tx: number } {
  let rx = 0;
  let tx = 0;
  for (const n of Object.values(raw.networks ?? {})) {
    rx += n.rx_bytes ?? 0;
    tx += n.tx_bytes ?? 0;
  }
  return { rx, tx };
}

function blockTotals(raw: RawStats): { read: number; write: number } {
  let read = 0;
  let write = 0;
  for (const e of raw.blkio_stats?.io_service_bytes_recursive ?? []) {
    const op = (e.op ?? '').toLowerCase();
    if (op === 'read') read += e.value ?? 0;
    if (op === 'write') write += e.value ?? 0;
  }
  return { read, write };
}

/** Keeps what the next reading needs for rates. */
export interface StatsCursor {
  time: number;
  rx: number;
  tx: number;
  /** Cumulative CPU of the container and of the host, for one-shot readings that carry no precpu. */
  cpu: number;
  system: number;
}

/**
 * A one-shot reading (`one-shot=true`) has no precpu_stats: the CPU % comes from Berth's own previous
 * reading of the same container instead, as `docker stats` would over that interval.
 */
function withPrecpu(raw: RawStats, previous: StatsCursor | null): RawStats {
  if ((raw.precpu_stats?.system_cpu_usage ?? 0) > 0 || !previous) return raw;
  return {
    ...raw,
    precpu_stats: { cpu_usage: { total_usage: previous.cpu }, system_cpu_usage: previous.system },
  };
}

export function toSample(
  raw: RawStats,
  previous: StatsCursor | null,
): { sample: StatsSample; cursor: StatsCursor } {
  const parsed = raw.read ? Date.parse(raw.read) : Number.NaN;
  const time = Number.isFinite(parsed) && parsed > 0 ? parsed : Date.now();
  const mem = memoryUsage(raw.memory_stats);
  const limit = raw.memory_stats?.limit ?? 0;
  const net = networkTotals(raw);
  const seconds = previous ? (time - previous.time) / 1000 : 0;
  const rate = (now: number, before: number | undefined) =>
    previous && seconds > 0 && before !== undefined ? Math.max(0, (now - before) / seconds) : 0;
  const block = blockTotals(raw);
  return {
    sample: {
      time,
      cpuPercent: cpuPercent(withPrecpu(raw, previous)),
      memoryUsage: mem,
      memoryLimit: limit,
      memoryPercent: limit > 0 ? (mem / limit) * 100 : 0,
      netRxRate: rate(net.rx, previous?.rx),
      netTxRate: rate(net.tx, previous?.tx),
      blockRead: block.read,
      blockWrite: block.write,
      pids: raw.pids_stats?.current ?? 0,
    },
    cursor: {
      time,
      rx: net.rx,
      tx: net.tx,
      cpu: raw.cpu_stats?.cpu_usage?.total_usage ?? 0,
      system: raw.cpu_stats?.system_cpu_usage ?? 0,
    },
  };
}

/** The cumulative counters of a reading (stored history and /metrics need totals, not rates). */
export function statsCounters(raw: RawStats): {
  cpuNs: number;
  netRx: number;
  netTx: number;
  memoryRaw: number;
} {
  const net = networkTotals(raw);
  return {
    cpuNs: raw.cpu_stats?.cpu_usage?.total_usage ?? 0,
    netRx: net.rx,
    netTx: net.tx,
    memoryRaw: raw.memory_stats?.usage ?? 0,
  };
}
