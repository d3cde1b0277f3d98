import { type StatsCursor, statsCounters, toSample } from '@/lib/stats/compute';
import { type OverviewRow, type OverviewSnapshot, overviewInterval } from '@/lib/stats/overview';
import { sharedInEnvironment } from '@/server/docker/client';
import { listRunning, oneShotStats } from '@/server/docker/stats';

/**
 * At most this many stats calls in flight at once. Engine 20.10 answers a one-shot call at the next tick of
 * its stats collector (up to a second away, and the same tick for every waiting call), so calls mostly wait:
 * a handful in flight would make a round of 100 containers take 25 s.
 */
const CONCURRENCY = 16;

/**
 * Rounds with only background listeners (the stats history collector, server/stats-history) run at least this
 * far apart: the history keeps 10 s points, and an idle server should cost the engine little.
 */
export const BACKGROUND_INTERVAL_MS = 10_000;
/** Background rounds are this far apart per running container when that is longer than 10 s... */
const BACKGROUND_PER_CONTAINER_MS = 300;
/** ...up to this far apart (a reading then fills the 10 s buckets it spans: lib/stats/history.ts). */
export const BACKGROUND_MAX_INTERVAL_MS = 60_000;

/**
 * How far apart the rounds nobody watches run. A reading costs the server ~2 ms of CPU and dockerd about as much
 * (bench/results.md, footprint): 100 running containers read every 10 s kept an idle server at 1.6-1.9 % of a core,
 * and 25 s apart still near 1 %. At 0.3 s per container (30 s at 100, a minute at 200) the history costs about the
 * same whatever the number of containers up to 200. Readings further apart still fill every 10 s bucket (a one-shot
 * CPU % is the average since the previous reading), with less time resolution for short spikes only.
 */
export function backgroundInterval(containers: number): number {
  return Math.min(
    BACKGROUND_MAX_INTERVAL_MS,
    Math.max(BACKGROUND_INTERVAL_MS, containers * BACKGROUND_PER_CONTAINER_MS),
  );
}

type Listener = (snapshot: OverviewSnapshot) => void;

/**
 * The stats overview of all running containers, shared by every viewer. Streams would cost the engine one
 * open stats stream per container (dockerd burns CPU with many: moby#21837), so instead each round takes
 * one `one-shot` reading per container, staggered across the round with a capped concurrency, and computes
 * CPU % from its own previous reading. Rounds run only while someone listens: viewers at the overview's pace,
 * the stats history collector alone (a background listener) at backgroundInterval's slower pace.
 */
export class OverviewSampler {
  private readonly listeners = new Set<Listener>();
  /** Listeners that are not viewers (the history collector): they keep rounds going, at the slower pace. */
  private readonly background = new Set<Listener>();
  private readonly cursors = new Map<string, StatsCursor>();
  private last: OverviewSnapshot | null = null;
  private timer: NodeJS.Timeout | null = null;
  private generation = 0;
  /** Engine stats calls made so far for viewers (benchmarks read it). */
  calls = 0;
  /** Engine stats calls of rounds only background listeners wanted. */
  backgroundCalls = 0;

  constructor(private readonly options: { minIntervalMs?: number; backgroundIntervalMs?: number } = {}) {}

  get viewers(): number {
    return this.listeners.size;
  }

  /** Whether someone watches (background listeners keep rounds running but are no viewers). */
  get active(): boolean {
    return this.listeners.size > 0;
  }

  get backgroundListeners(): number {
    return this.background.size;
  }

  private get total(): number {
    return this.listeners.size + this.background.size;
  }

  subscribe(listener: Listener, options: { background?: boolean } = {}): () => void {
    const set = options.background ? this.background : this.listeners;
    const wasIdle = this.total === 0;
    const firstViewer = !options.background && this.listeners.size === 0;
    set.add(listener);
    if (wasIdle) this.start();
    else if (firstViewer) {
      // Only background rounds ran (up to 10 s apart, maybe one under way): the viewer gets a round of its own
      // now, at the viewers' pace, with CPU % from the readings kept; not a replay of an older one.
      if (this.timer) clearTimeout(this.timer);
      this.timer = null;
      this.start();
    } else if (this.last) listener(this.last);
    return () => {
      set.delete(listener);
      if (this.total === 0) this.stop();
    };
  }

  closeAll(): void {
    this.listeners.clear();
    this.background.clear();
    this.stop();
  }

  private start() {
    const generation = ++this.generation;
    void this.round(generation);
  }

  private stop() {
    this.generation++;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.last = null;
    this.cursors.clear();
  }

  private interval(containers: number): number {
    const interval = overviewInterval(containers, this.options.minIntervalMs);
    if (this.listeners.size > 0) return interval;
    return Math.max(interval, this.options.backgroundIntervalMs ?? backgroundInterval(containers));
  }

  private async round(generation: number) {
    const started = Date.now();
    let interval = this.interval(0);
    try {
      const containers = await listRunning();
      interval = this.interval(containers.length);
      // For viewers, spread the calls over most of the round rather than firing them all at once; the first
      // round of a new viewer runs at the concurrency cap only, so the table fills at once. Rounds nobody
      // watches (the history's) run at the cap: calls answered together cost the server less CPU than the
      // same calls one wake-up each (100 running containers: 2.1 → 1.6 %, bench/results.md, footprint).
      const spread = this.last !== null && this.listeners.size > 0;
      const spacing = containers.length && spread ? (interval * 0.8) / containers.length : 0;
      const rows: OverviewRow[] = [];
      let next = 0;
      const worker = async () => {
        while (next < containers.length && generation === this.generation) {
          const index = next++;
          const c = containers[index];
          if (!c) break;
          const due = started + index * spacing - Date.now();
          if (due > 0) await new Promise((r) => setTimeout(r, due));
          if (generation !== this.generation) return;
          try {
            if (this.listeners.size > 0) this.calls++;
            else this.backgroundCalls++;
            const raw = await oneShotStats(c.id);
            const { sample, cursor } = toSample(raw, this.cursors.get(c.id) ?? null);
            this.cursors.set(c.id, cursor);
            rows.push({ ...c, sample, counters: statsCounters(raw) });
          } catch {
            // stopped or removed during the round: it simply drops out of this one
          }
        }
      };
      await Promise.all(Array.from({ length: CONCURRENCY }, worker));
      if (generation !== this.generation) return;
      const running = new Set(containers.map((c) => c.id));
      for (const id of this.cursors.keys()) if (!running.has(id)) this.cursors.delete(id);
      rows.sort((a, b) => a.name.localeCompare(b.name));
      this.last = { time: Date.now(), intervalMs: this.interval(containers.length), rows };
      for (const l of [...this.listeners, ...this.background]) l(this.last);
    } catch {
      // engine unreachable: try again next round
    }
    if (generation !== this.generation) return;
    // The pace is read again here: a viewer may have come or gone during the round.
    interval = this.interval(this.last?.rows.length ?? 0);
    this.timer = setTimeout(() => void this.round(generation), Math.max(0, started + interval - Date.now()));
  }
}

/** One overview sampler per environment, made at its first viewer and dropped when its last one leaves. */
export class OverviewSamplers {
  private readonly samplers = new Map<string, OverviewSampler>();
  /** Engine stats calls of the samplers dropped so far (with the live ones', what `calls` reports). */
  private retiredCalls = 0;
  private retiredBackgroundCalls = 0;

  constructor(private readonly options: { minIntervalMs?: number } = {}) {}

  /**
   * Subscribes to `env`'s sampler; its rounds run in that environment's engine scope. A `background` listener
   * (the history collector) is not a viewer: it keeps the rounds going at backgroundInterval's pace.
   */
  subscribe(env: string, listener: Listener, options: { background?: boolean } = {}): () => void {
    let sampler = this.samplers.get(env);
    if (!sampler) {
      sampler = new OverviewSampler(this.options);
      this.samplers.set(env, sampler);
    }
    const own = sampler;
    const off = sharedInEnvironment(env, () => own.subscribe(listener, options));
    return () => {
      off();
      if (!own.active && own.backgroundListeners === 0 && this.samplers.get(env) === own) {
        this.samplers.delete(env);
        this.retiredCalls += own.calls;
        this.retiredBackgroundCalls += own.backgroundCalls;
      }
    };
  }

  get backgroundListeners(): number {
    let n = 0;
    for (const s of this.samplers.values()) n += s.backgroundListeners;
    return n;
  }

  /** Engine stats calls of rounds that only background listeners wanted. */
  get backgroundCalls(): number {
    let n = this.retiredBackgroundCalls;
    for (const s of this.samplers.values()) n += s.backgroundCalls;
    return n;
  }

  get active(): boolean {
    return this.viewers > 0;
  }

  get viewers(): number {
    let n = 0;
    for (const s of this.samplers.values()) n += s.viewers;
    return n;
  }

  get calls(): number {
    let n = this.retiredCalls;
    for (const s of this.samplers.values()) n += s.calls;
    return n;
  }

  closeAll(): void {
    for (const s of this.samplers.values()) {
      this.retiredCalls += s.calls;
      this.retiredBackgroundCalls += s.backgroundCalls;
      s.closeAll();
    }
    this.samplers.clear();
  }
}
