interface Entry<T> {
  value: Promise<T>;
  /** When the call settled successfully; undefined while it runs. */
  settledAt?: number;
  /** Something it measures changed since it started: the next caller measures again. */
  stale: boolean;
}

/**
 * One call shared by every caller: while it runs, callers join it; its answer is kept for `ttlMs` after it
 * arrives; a failure is not kept. A new call never overlaps the previous one (it waits for it to settle), because
 * the engine refuses a second `system df` while one runs ("a disk usage operation is already running").
 */
export class SharedCall<T> {
  private entry: Entry<T> | null = null;

  constructor(
    private readonly load: () => Promise<T>,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** `maxAgeMs` 0: never a kept answer, but still the running call if there is one (it is as fresh as any). */
  get(maxAgeMs = this.ttlMs): Promise<T> {
    const previous = this.entry;
    if (previous && !previous.stale) {
      if (previous.settledAt === undefined || this.now() - previous.settledAt < maxAgeMs)
        return previous.value;
    }
    const running = previous && previous.settledAt === undefined ? previous.value : null;
    const value = running
      ? running.then(
          () => this.load(),
          () => this.load(),
        )
      : this.load();
    const entry: Entry<T> = { value, stale: false };
    this.entry = entry;
    value.then(
      () => {
        entry.settledAt = this.now();
      },
      () => {
        if (this.entry === entry) this.entry = null;
      },
    );
    return value;
  }

  /** What the answer measures changed: the next caller gets a new one (after the running call, if any). */
  forget(): void {
    if (this.entry) this.entry.stale = true;
  }
}
