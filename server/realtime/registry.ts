export type Disposer = () => void | Promise<void>;

/** A kind of thing a socket owns, typed by what a lookup by id gives back (a terminal session, or nothing). */
export class OwnedKind<T = undefined> {
  declare readonly value: T;
  constructor(readonly name: string) {}
}

interface Entry {
  kind: string;
  value: unknown;
  dispose: Disposer;
}

/**
 * What one socket owns. Once closed (the socket disconnected, or the server shuts down) it stays closed, and
 * anything added later is disposed at once: a handler that awaited the engine while its socket dropped cannot
 * leave a stream or a process behind. Handlers also check `closed` after each await, so they open nothing
 * for a socket that is gone.
 */
export class OwnerScope {
  private readonly entries = new Map<string, Entry>();
  /** Slots taken by handlers still opening something of a kind (see `reserve`), by kind name. */
  private readonly reserved = new Map<string, number>();
  private isClosed = false;

  get closed(): boolean {
    return this.isClosed;
  }

  get size(): number {
    return this.entries.size;
  }

  /** How many of `kind` this socket holds: those registered, and those reserved by handlers still opening one. */
  countOf(kind: OwnedKind<unknown>): number {
    let n = this.reserved.get(kind.name) ?? 0;
    for (const entry of this.entries.values()) if (entry.kind === kind.name) n++;
    return n;
  }

  /**
   * Holds a slot of `kind` while a handler opens one (its awaits would let a burst of requests all pass a limit
   * checked before them); returns its release, safe to call twice, called once the real entry is added or the
   * opening failed.
   */
  reserve(kind: OwnedKind<unknown>): () => void {
    this.reserved.set(kind.name, (this.reserved.get(kind.name) ?? 0) + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.reserved.get(kind.name) ?? 1) - 1;
      if (left > 0) this.reserved.set(kind.name, left);
      else this.reserved.delete(kind.name);
    };
  }

  /**
   * Registers what `dispose` ends under `id`; returns its release (dispose once, for a thing that ended by
   * itself or was cancelled). On a closed scope, disposes it at once.
   */
  add<T>(kind: OwnedKind<T>, id: string, dispose: Disposer, ...value: T extends undefined ? [] : [T]) {
    const key = `${kind.name}:${id}`;
    const release = () => this.release(kind, id);
    if (this.isClosed) {
      void settle(dispose);
      return release;
    }
    this.entries.set(key, { kind: kind.name, value: value[0], dispose });
    return release;
  }

  /** What was registered under `id`, while it lives. */
  get<T>(kind: OwnedKind<T>, id: string): T | undefined {
    const entry = this.entries.get(`${kind.name}:${id}`);
    // The key names the kind, and add() stored a value of that kind's type under it.
    return entry?.value as T | undefined;
  }

  has(kind: OwnedKind<unknown>, id: string): boolean {
    return this.entries.has(`${kind.name}:${id}`);
  }

  /** Disposes one entry, once; false when there was none (already released, or never added). */
  async release(kind: OwnedKind<unknown>, id: string): Promise<boolean> {
    const key = `${kind.name}:${id}`;
    const entry = this.entries.get(key);
    if (!entry) return false;
    this.entries.delete(key);
    await entry.dispose();
    return true;
  }

  /** Closes the scope for good and disposes everything in it; one failing disposer does not stop the others. */
  async close(): Promise<void> {
    this.isClosed = true;
    const all = [...this.entries.values()];
    this.entries.clear();
    await Promise.allSettled(all.map((e) => settle(e.dispose)));
  }
}

async function settle(dispose: Disposer): Promise<void> {
  try {
    await dispose();
  } catch (err) {
    console.error('[realtime] a disposer failed', err);
  }
}

/**
 * Owns every stream, exec session and subscription opened for a socket, in one scope per socket: each is
 * disposed when its socket disconnects (`disposeOwner`), when it ends by itself or is cancelled (`release`), or
 * when the server shuts down (`disposeAll`). After shutdown every scope is born closed.
 */
export class SubscriptionRegistry {
  private readonly scopes = new Map<string, OwnerScope>();
  private shutDown = false;

  /**
   * The scope of one owner (a socket id), opened on first use: a socket takes it once, on connection, and
   * its handlers hold that object, so a late handler sees it closed rather than opening a new one.
   */
  scope(owner: string): OwnerScope {
    let scope = this.scopes.get(owner);
    if (!scope) {
      scope = new OwnerScope();
      if (this.shutDown) void scope.close();
      else this.scopes.set(owner, scope);
    }
    return scope;
  }

  async disposeOwner(owner: string): Promise<void> {
    const scope = this.scopes.get(owner);
    this.scopes.delete(owner);
    await scope?.close();
  }

  async disposeAll(): Promise<void> {
    this.shutDown = true;
    await Promise.allSettled([...this.scopes.keys()].map((owner) => this.disposeOwner(owner)));
  }

  /** How many of `kind` the owners hold together (a user's sockets: a per-user limit counts across them). */
  countOf(owners: Iterable<string>, kind: OwnedKind<unknown>): number {
    let n = 0;
    for (const owner of owners) n += this.scopes.get(owner)?.countOf(kind) ?? 0;
    return n;
  }

  count(owner?: string): number {
    if (owner) return this.scopes.get(owner)?.size ?? 0;
    let n = 0;
    for (const scope of this.scopes.values()) n += scope.size;
    return n;
  }
}
