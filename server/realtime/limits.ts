import type { LimitName } from '@/lib/settings/limits';
import { enforceLimit, limitOf } from '@/server/limits';
import type { OwnedKind, OwnerScope, SubscriptionRegistry } from '@/server/realtime/registry';

/** A per-user bound on what sockets own: the limit's name and the kind of scope entry it counts. */
export interface SocketLimit {
  name: Exclude<LimitName, 'sockets' | 'uploads'>;
  kind: OwnedKind<unknown>;
}

/** What the per-user view needs of a socket: its id and whose it is. */
export interface CountedSocket {
  id: string;
  data: { userId?: number };
}

/** The ids of `userId`'s sockets among `sockets` (a namespace's connected sockets). */
export function socketsOf(sockets: Iterable<CountedSocket>, userId: number | undefined): string[] {
  const ids: string[] = [];
  for (const s of sockets) if (s.data.userId === userId) ids.push(s.id);
  return ids;
}

/**
 * Takes a slot of `limit` for one socket's handler, deciding from what all of the user's sockets own (their
 * scopes in the registry, reserved slots included): throws the limit's error at the bound, else returns the
 * reservation's release (called once the handler registered what it opened, or failed).
 */
export function reserveSocketSlot(
  registry: SubscriptionRegistry,
  scope: OwnerScope,
  owners: string[],
  limit: SocketLimit,
  max = limitOf(limit.name),
): () => void {
  enforceLimit(limit.name, registry.countOf(owners, limit.kind), max);
  return scope.reserve(limit.kind);
}

/**
 * Admission of new sockets at the handshake, per user: those connected plus those admitted whose connection is
 * not through yet (socket.io connects them a tick after the middleware, so a burst of handshakes would
 * otherwise all see the same count). Throws the `sockets` limit's error at the bound.
 */
export class SocketAdmission {
  private readonly pending = new Map<number, number>();

  admit(connected: Iterable<CountedSocket>, userId: number, max = limitOf('sockets')): void {
    const inUse = socketsOf(connected, userId).length + (this.pending.get(userId) ?? 0);
    enforceLimit('sockets', inUse, max);
    this.pending.set(userId, (this.pending.get(userId) ?? 0) + 1);
    // socket.io adds the socket to its namespace on the next tick; setImmediate runs after it.
    setImmediate(() => {
      const left = (this.pending.get(userId) ?? 1) - 1;
      if (left > 0) this.pending.set(userId, left);
      else this.pending.delete(userId);
    });
  }
}
