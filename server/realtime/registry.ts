export type Disposer = () => void | Promise<void>;

/**
 * Owns every stream, exec session and subscription opened for a socket: each is disposed when its socket
 * disconnects, when it ends by itself (`release`), or when the server shuts down (`disposeAll`).
 */
export class SubscriptionRegistry {
  private readonly byOwner = new Map<string, Set<Disposer>>();

  add(owner: string, disposer: Disposer): () => Promise<void> {
    let set = this.byOwner.get(owner);
    if (!set) {
      set = new Set();
      this.byOwner.set(owner, set);
    }
    set.add(disposer);
    return () => this.release(owner, disposer);
  }

  async release(owner: string, disposer: Disposer): Promise<void> {
    const set = this.byOwner.get(owner);
    if (!set?.delete(disposer)) return;
    if (set.size === 0) this.byOwner.delete(owner);
    await disposer();
  }

  async disposeOwner(owner: string): Promise<void> {
    const set = this.byOwner.get(owner);
    if (!set) return;
    this.byOwner.delete(owner);
    await Promise.allSettled([...set].map((d) => d()));
  }

  async disposeAll(): Promise<void> {
    await Promise.allSettled([...this.byOwner.keys()].map((owner) => this.disposeOwner(owner)));
  }

  count(owner?: string): number {
    if (owner) return this.byOwner.get(owner)?.size ?? 0;
    let n = 0;
    for (const set of this.byOwner.values()) n += set.size;
    return n;
  }
}
