import type { EngineEvent } from '@/lib/events/types';

/**
 * The container list kept current from the engine's own event log: a change costs one filtered
 * `GET /containers/json?filters={"id":[…]}` (the exact row shape) for the containers it touched, not a re-list.
 *
 * Why the events come from the probe (`GET /events?since=…&until=now`, ~1 ms) and not from a followed stream:
 * a followed stream delivers asynchronously, so a container renamed by the CLI a moment before a list could still
 * be on its way and the list would miss it; the probe's `until` is the engine's now, and the engine logs an event
 * before it answers the call that caused it, so everything before the request is in. The probe returns the events
 * themselves, which is all a stream would add; and with nobody listing it costs the engine nothing.
 *
 * The daemon keeps only its last 256 events: a probe that returns that many may have lost some. During a flood
 * (thousands of creates) that is every probe, so while the list is read a followed event stream is kept as well
 * (`follow`): the events the probe lost are in the stream, which is known to be complete for a window when it
 * has delivered the probe's newest event and has not reconnected since the window began. Only without the
 * stream (or a gap in it) does a lost event cost a re-list.
 */
export const EVENT_LOG_SIZE = 256;
/** Ids per filtered call: a URL of ~13 kB; the engine looks each id up, it does not scan the list. */
export const DELTA_CHUNK = 200;
/** Beyond this many changed containers one re-list is cheaper than the id filter. */
export const MAX_DELTA_IDS = 5000;
/** Stream events kept for the windows still to be read: a bound for a flood nobody reads. */
const MAX_BUFFER = 50_000;
/** How long a probe waits for the stream to deliver the probe's newest event before it re-lists instead. */
const STREAM_CATCH_UP_MS = 500;

export interface ListChanges {
  /** Containers whose row may have changed, appeared or gone. */
  ids: Set<string>;
  /** Something changed that no id names (an image retagged, the daemon reloaded): only a re-list is sure. */
  relist: boolean;
}

/** Image events that leave every container's `Image` column as it was. */
const IMAGE_HARMLESS = new Set(['push', 'save']);

/** Which containers' rows a batch of events changes (pure). */
export function listChanges(events: readonly EngineEvent[]): ListChanges {
  const ids = new Set<string>();
  let relist = false;
  for (const e of events) {
    switch (e.type) {
      case 'container':
        // Health-check probes log exec_* every interval; top reads. Neither changes a row.
        if (e.action.startsWith('exec_') || e.action === 'top') break;
        ids.add(e.id);
        break;
      case 'network': {
        // connect/disconnect change the container's networks and IPs; the rest is the network's own business.
        const container = e.attributes.container;
        if (container) ids.add(container);
        break;
      }
      case 'image':
        // A tag moved or removed turns the `Image` of every container on the old image into an id.
        if (!IMAGE_HARMLESS.has(e.action)) relist = true;
        break;
      case 'daemon':
        relist = true;
        break;
      default:
        break;
    }
  }
  return { ids, relist };
}

/**
 * `list` with the rows of `ids` replaced by `rows` (pure): a row in `rows` replaces the one with its id (or, new,
 * goes first, where the engine puts the newest); an id in `ids` without a row is gone. Always a new array: its
 * identity is the list's version (sorted views and serialised bodies are kept per array).
 */
export function applyRows<T extends { id: string }>(
  list: readonly T[],
  ids: ReadonlySet<string>,
  rows: readonly T[],
): T[] {
  const byId = new Map(rows.map((r) => [r.id, r]));
  const known = new Set(list.map((x) => x.id));
  const out: T[] = [];
  for (const r of byId.values()) if (!known.has(r.id)) out.push(r);
  for (const item of list) {
    if (!ids.has(item.id) && !byId.has(item.id)) out.push(item);
    else {
      const row = byId.get(item.id);
      if (row) out.push(row);
    }
  }
  return out;
}

export function eventKey(e: EngineEvent): string {
  return `${e.timeNano}\u0000${e.type}\u0000${e.action}\u0000${e.id}`;
}

export interface LiveListOptions<T> {
  fetchAll: () => Promise<T[]>;
  fetchRows: (ids: string[]) => Promise<T[]>;
  /** The engine's events since `sinceMs` (Berth's clock) until its now: events.ts eventsSince. */
  eventsSince: (sinceMs: number) => Promise<EngineEvent[]>;
  /**
   * The "Up 5 minutes" texts change without an event; they are refreshed by a re-list in the background, at most
   * this often and no more than a tenth of the time (10× the last re-list's duration), so a 10,000-row list
   * (~1 s in the engine) does not keep the engine busy. Membership and state are exact at every read; only the
   * age texts may be that old. Recomputing them on read is not possible: the row has no StartedAt/FinishedAt.
   */
  minAgeMs: number;
  now?: () => number;
  /** The engine's followed event stream (`docker events`); resolves once it is connected. */
  follow?: (onEvent: (e: EngineEvent) => void) => Promise<{ done: Promise<void>; close(): void }>;
  /** The stream is closed after this long without a read (nobody listing costs the engine nothing). */
  followIdleMs?: number;
}

/** Where the stream stood when a probe (or list) began: every later event is at or after `seq`. */
interface Mark {
  epoch: number;
  seq: number;
}

interface State<T> {
  list: T[];
  /** Berth's clock before the probe (or list) this state answers to: the next probe asks from here. */
  asOf: number;
  /** Events of the last probe, already applied: the next window overlaps it by the probe's margin. */
  seen: Set<string>;
  /** The stream's position at `asOf`, when it was connected then. */
  mark: Mark | null;
}

/**
 * One environment's full container list (`all=1`, no filters). Callers that arrive while a read runs wait for
 * the next one — which starts after they arrived, so it sees their changes — and share it: fifty concurrent
 * clients cost one probe (and at most one re-list).
 */
export class LiveList<T extends { id: string }> {
  private state: State<T> | null = null;
  private running: Promise<T[]> | null = null;
  private queued: Promise<T[]> | null = null;
  private refreshing = false;
  private lastListedAt = 0;
  private lastListMs = 0;
  private readonly now: () => number;
  /** Served with nothing changed. */
  hits = 0;
  /** Full re-lists (first, after a gap in the event log, or an event no id names). */
  misses = 0;
  /** Changes applied with filtered calls. */
  deltas = 0;
  /** Probes that lost events the followed stream had: a delta instead of a re-list. */
  streamed = 0;

  // The followed stream: `epoch` counts connections, `buffer[i]` is event number `base + i` of this one.
  private stream: { close(): void } | null = null;
  private ready = false;
  private epoch = 0;
  private buffer: EngineEvent[] = [];
  private base = 0;
  private idle: ReturnType<typeof setTimeout> | null = null;
  private arrived: (() => void) | null = null;

  constructor(private readonly opts: LiveListOptions<T>) {
    this.now = opts.now ?? Date.now;
  }

  /** Closes the followed stream (it reopens on the next read). */
  stop(): void {
    if (this.idle) clearTimeout(this.idle);
    this.idle = null;
    this.stream?.close();
    this.drop();
  }

  private drop(): void {
    this.stream = null;
    this.ready = false;
    this.epoch++;
    this.base += this.buffer.length;
    this.buffer = [];
  }

  /** Opens the stream on a read (when it is not open) and closes it once reads stop coming. */
  private keepFollowing(): void {
    const follow = this.opts.follow;
    if (!follow) return;
    if (this.idle) clearTimeout(this.idle);
    this.idle = setTimeout(() => this.stop(), this.opts.followIdleMs ?? 60_000);
    this.idle.unref?.();
    if (this.stream) return;
    const epoch = ++this.epoch;
    const pending = { close: () => {} };
    this.stream = pending;
    follow((e) => {
      if (this.epoch !== epoch) return;
      this.buffer.push(e);
      if (this.buffer.length > MAX_BUFFER) {
        const cut = this.buffer.length - MAX_BUFFER;
        this.buffer = this.buffer.slice(cut);
        this.base += cut;
      }
      this.arrived?.();
    }).then(
      (followed) => {
        if (this.epoch !== epoch || this.stream !== pending) return followed.close();
        this.stream = followed;
        this.ready = true;
        void followed.done.then(
          () => this.epoch === epoch && this.drop(),
          () => this.epoch === epoch && this.drop(),
        );
      },
      () => {
        if (this.epoch === epoch) this.drop();
      },
    );
  }

  private mark(): Mark | null {
    return this.ready ? { epoch: this.epoch, seq: this.base + this.buffer.length } : null;
  }

  /**
   * The events since `mark` as the stream delivered them, once it has delivered `last` (the probe's newest):
   * null when the stream cannot vouch for the window (not connected then, reconnected since, or too slow).
   */
  private async streamedSince(mark: Mark | null, last: EngineEvent): Promise<EngineEvent[] | null> {
    if (!mark || mark.epoch !== this.epoch || !this.ready || mark.seq < this.base) return null;
    const key = eventKey(last);
    // Polled every 50 ms (or on the next event) for at most STREAM_CATCH_UP_MS.
    const started = Date.now();
    for (;;) {
      if (mark.epoch !== this.epoch || mark.seq < this.base) return null;
      const events = this.buffer.slice(mark.seq - this.base);
      if (events.some((e) => eventKey(e) === key)) return events;
      if (Date.now() - started >= STREAM_CATCH_UP_MS) return null;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 50);
        this.arrived = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.arrived = null;
    }
  }

  /** Stream events no state needs any more (they are before the current state's mark) are let go. */
  private trim(): void {
    const seq = this.state?.mark?.seq;
    if (seq === undefined || seq <= this.base) return;
    this.buffer = this.buffer.slice(seq - this.base);
    this.base = seq;
  }

  get(): Promise<T[]> {
    this.keepFollowing();
    if (this.queued) return this.queued;
    if (!this.running) return this.start();
    const next = this.running
      .then(
        () => {},
        () => {},
      )
      .then(() => {
        this.queued = null;
        return this.start();
      });
    this.queued = next;
    return next;
  }

  private start(): Promise<T[]> {
    const p = this.read().finally(() => {
      if (this.running === p) this.running = null;
    });
    this.running = p;
    return p;
  }

  private async relist(): Promise<T[]> {
    const asOf = this.now();
    const mark = this.mark();
    const list = await this.opts.fetchAll();
    this.lastListMs = this.now() - asOf;
    this.lastListedAt = asOf;
    this.misses++;
    // A slower list that started before the current state's probe never replaces it.
    if (!this.state || this.state.asOf <= asOf) this.state = { list, asOf, seen: new Set(), mark };
    this.trim();
    return list;
  }

  /** The rows of `ids`, DELTA_CHUNK ids a call, two calls at a time. */
  private async fetchRows(ids: string[]): Promise<T[]> {
    if (ids.length <= DELTA_CHUNK) return this.opts.fetchRows(ids);
    const chunks: string[][] = [];
    for (let i = 0; i < ids.length; i += DELTA_CHUNK) chunks.push(ids.slice(i, i + DELTA_CHUNK));
    const rows: T[] = [];
    let next = 0;
    await Promise.all(
      [0, 1].map(async () => {
        while (next < chunks.length) rows.push(...(await this.opts.fetchRows(chunks[next++] as string[])));
      }),
    );
    return rows;
  }

  private async read(): Promise<T[]> {
    const state = this.state;
    if (!state) return this.relist();
    const asOf = this.now();
    const mark = this.mark();
    let events: EngineEvent[];
    try {
      events = await this.opts.eventsSince(state.asOf);
    } catch {
      return this.relist(); // the engine itself reports why it cannot answer
    }
    let window = events;
    if (events.length >= EVENT_LOG_SIZE) {
      // The log lost the window's oldest events: the followed stream has them, or a re-list is needed.
      const streamed = await this.streamedSince(state.mark, events.at(-1) as EngineEvent);
      if (!streamed) return this.relist();
      window = [...streamed, ...events];
      this.streamed++;
    }
    const fresh = window.filter((e) => !state.seen.has(eventKey(e)));
    const changes = listChanges(fresh);
    if (changes.relist || changes.ids.size > MAX_DELTA_IDS) return this.relist();
    const seen = new Set(events.map(eventKey));
    let list = state.list;
    if (changes.ids.size > 0) {
      const rows = await this.fetchRows([...changes.ids]);
      // A re-list that finished meanwhile is newer than our base: apply the rows to it instead.
      list = applyRows(this.state?.list ?? state.list, changes.ids, rows);
      this.deltas++;
    } else this.hits++;
    if (!this.state || this.state.asOf <= asOf) this.state = { list, asOf, seen, mark };
    this.trim();
    this.refreshAges();
    return list;
  }

  /** The background re-list that keeps the age texts within bounds (see `minAgeMs`). */
  private refreshAges(): void {
    const every = Math.max(this.opts.minAgeMs, 10 * this.lastListMs);
    if (this.refreshing || this.now() - this.lastListedAt < every) return;
    this.refreshing = true;
    void this.relist()
      .catch(() => {}) // the next read's probe or list reports an unreachable engine
      .finally(() => {
        this.refreshing = false;
      });
  }
}
