import { EventEmitter } from 'node:events';

/**
 * Revocations, announced to whatever holds a live connection for that user or session (socket.io).
 * One emitter per process, shared by the custom server and the route handlers Next.js bundles.
 */
export interface AuthEvents {
  'session-revoked': [sessionHash: string];
  'user-revoked': [userId: number];
  'token-revoked': [tokenId: number];
}

const key = Symbol.for('berth.auth-events');
type WithEvents = typeof globalThis & { [key]?: EventEmitter<AuthEvents> };

export function authEvents(): EventEmitter<AuthEvents> {
  const g = globalThis as WithEvents;
  g[key] ??= new EventEmitter<AuthEvents>().setMaxListeners(0);
  return g[key];
}
