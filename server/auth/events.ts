import { EventEmitter } from 'node:events';
import { contextValue } from '@/server/context';

/**
 * Revocations, announced to whatever holds a live connection for that user or session (socket.io).
 * One emitter per process (in the server context), heard by the socket server, fired by the route handlers.
 */
export interface AuthEvents {
  'session-revoked': [sessionHash: string];
  'user-revoked': [userId: number];
  'token-revoked': [tokenId: number];
}

export function authEvents(): EventEmitter<AuthEvents> {
  return contextValue('authEvents', () => new EventEmitter<AuthEvents>().setMaxListeners(0));
}
