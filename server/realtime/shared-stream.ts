/**
 * One upstream per key, however many listen: the first subscriber opens it, the last one to leave closes it.
 * Engine streams (events, a container's log follow, its stats) go through this so twenty viewers cost the
 * engine one stream.
 */
export interface Upstream {
  close: () => void;
}

export type Opener<T> = (
  emit: (item: T) => void,
  end: (reason?: Error) => void,
) => Upstream | Promise<Upstream>;

interface Entry<T> {
  listeners: Set<Listener<T>>;
  upstream: Promise<Upstream> | null;
}

interface Listener<T> {
  onItem: (item: T) => void;
  onEnd?: (reason?: Error) => void;
}

export class SharedStreams<T> {
  private readonly entries = new Map<string, Entry<T>>();

  constructor(private readonly open: (key: string) => Opener<T>) {}

  subscribe(key: string, onItem: (item: T) => void, onEnd?: (reason?: Error) => void): () => void {
    let entry = this.entries.get(key);
    if (!entry) {
      entry = { listeners: new Set(), upstream: null };
      this.entries.set(key, entry);
      const own = entry;
      own.upstream = Promise.resolve(
        this.open(key)(
          (item) => {
            for (const l of own.listeners) l.onItem(item);
          },
          (reason) => this.finish(key, own, reason),
        ),
      ).catch((err: Error) => {
        this.finish(key, own, err);
        return { close: () => {} };
      });
    }
    const listener: Listener<T> = { onItem, onEnd };
    entry.listeners.add(listener);
    const current = entry;
    return () => {
      if (!current.listeners.delete(listener)) return;
      if (current.listeners.size === 0 && this.entries.get(key) === current) {
        this.entries.delete(key);
        void current.upstream?.then((u) => u.close());
      }
    };
  }

  /** The upstream ended (or failed): every listener hears it once, and the next subscriber opens a new one. */
  private finish(key: string, entry: Entry<T>, reason?: Error) {
    if (this.entries.get(key) === entry) this.entries.delete(key);
    const listeners = [...entry.listeners];
    entry.listeners.clear();
    for (const l of listeners) l.onEnd?.(reason);
  }

  /** Open upstreams, for tests and the stats page of the benchmark. */
  get size(): number {
    return this.entries.size;
  }

  /** The keys with an open upstream (the streams page says which engines are followed). */
  keys(): string[] {
    return [...this.entries.keys()];
  }

  listenerCount(key: string): number {
    return this.entries.get(key)?.listeners.size ?? 0;
  }

  /**
   * Ends every upstream whose key `match`es (its engine was re-addressed or removed): each listener hears
   * `reason` once, as when an upstream ends by itself, and a later subscriber opens a new one.
   */
  endWhere(match: (key: string) => boolean, reason: Error): number {
    let ended = 0;
    for (const [key, entry] of [...this.entries]) {
      if (!match(key)) continue;
      void entry.upstream?.then((u) => u.close());
      this.finish(key, entry, reason);
      ended++;
    }
    return ended;
  }

  closeAll(): void {
    for (const [key, entry] of [...this.entries]) {
      this.entries.delete(key);
      void entry.upstream?.then((u) => u.close());
      entry.listeners.clear();
    }
  }
}

/** Why `endWhere` ended an engine's streams: its environment was re-addressed or removed. */
export class EnvironmentStreamsEnded extends Error {
  override name = 'EnvironmentStreamsEnded';
}

/**
 * Told by name, not `instanceof`: a route (in Next.js's bundle) ends the streams that the socket server (in
 * its own bundle) reads, and each bundle has its own copy of the class.
 */
export function isEnvironmentStreamsEnded(reason: unknown): reason is EnvironmentStreamsEnded {
  return reason instanceof Error && reason.name === 'EnvironmentStreamsEnded';
}

/** A hub key of one engine's object: the same container id on two engines is two upstreams. */
export function envKey(env: string, id: string): string {
  return `${env}\u0000${id}`;
}

/** The environment and object of a key made by `envKey` (a key without one is `local`'s). */
export function splitEnvKey(key: string): { env: string; id: string } {
  const at = key.indexOf('\u0000');
  return at < 0 ? { env: 'local', id: key } : { env: key.slice(0, at), id: key.slice(at + 1) };
}

/**
 * The opener of an env-qualified key: it runs (lazily, whenever the first subscriber comes) in that
 * environment's engine scope, given by `inEnvironment`, so every engine call of the upstream goes to its engine.
 */
export function perEngineOpener<T>(
  open: (id: string) => Opener<T>,
  inEnvironment: <R>(env: string, work: () => R) => R,
): (key: string) => Opener<T> {
  return (key) => {
    const { env, id } = splitEnvKey(key);
    return (emit, end) => inEnvironment(env, () => open(id)(emit, end));
  };
}
