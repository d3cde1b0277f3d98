import { type LimitInfo, type LimitName, limitMessage, overLimit } from '@/lib/settings/limits';
import { asUser, type Principal } from '@/server/auth/guard';
import { contextValue } from '@/server/context';
import { HttpError } from '@/server/http/errors';
import { getSettings } from '@/server/settings/store';

/**
 * The per-user bounds of the limits settings, decided here for every kind: sockets (at the handshake, from the
 * user's connected sockets), terminals, log and stats views (from what the user's sockets' scopes own, see
 * server/realtime/limits.ts) and uploads in flight (counted here, in the server context). A refusal is a 429
 * with code `limit`, naming the bound, its value and the setting that raises it.
 */
export class LimitError extends HttpError {
  constructor(info: LimitInfo) {
    super(429, 'limit', limitMessage(info.name, info.max), undefined, info);
  }
}

/** The bound on `name` as the settings say now. */
export function limitOf(name: LimitName): number {
  return getSettings().limits[name];
}

/** Throws the LimitError of `name` when one more would pass its bound, with `inUse` already held. */
export function enforceLimit(name: LimitName, inUse: number, max = limitOf(name)): void {
  if (overLimit(inUse, max)) throw new LimitError({ name, max, setting: `limits.${name}` });
}

type CountedLimit = 'uploads' | 'jobs';
const FIELD = { uploads: 'uploadsInFlight', jobs: 'jobsInFlight' } as const;
const inFlightOf = (name: CountedLimit) => contextValue(FIELD[name], () => new Map<number, number>());

/**
 * Takes one of the user's slots of a bound counted here (uploads, jobs), or throws the limit's 429; the release
 * is safe to call twice.
 */
export function acquireSlot(name: CountedLimit, userId: number, max = limitOf(name)): () => void {
  const inFlight = inFlightOf(name);
  enforceLimit(name, inFlight.get(userId) ?? 0, max);
  inFlight.set(userId, (inFlight.get(userId) ?? 0) + 1);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    const left = (inFlight.get(userId) ?? 1) - 1;
    if (left > 0) inFlight.set(userId, left);
    else inFlight.delete(userId);
  };
}

/** Takes one of the user's upload slots (or throws the limit's 429). */
export function acquireUploadSlot(userId: number, max = limitOf('uploads')): () => void {
  return acquireSlot('uploads', userId, max);
}

/** Uploads the user has in flight. */
export function uploadsInFlight(userId: number): number {
  return inFlightOf('uploads').get(userId) ?? 0;
}

/**
 * Runs a long-running job (a Compose action, a recreate) in one of the user's job slots: refused with 429 at the
 * bound, released when it ends however it ends.
 */
export async function withJobSlot<T>(principal: Principal, run: () => Promise<T>): Promise<T> {
  const release = acquireSlot('jobs', asUser(principal).user.id);
  try {
    return await run();
  } finally {
    release();
  }
}

/**
 * Runs an upload handler in one of the user's upload slots: refused with 429 at the bound, released when the
 * handler is done with the body (it has read it to the end, or failed).
 */
export async function withUploadSlot<T>(principal: Principal, run: () => Promise<T>): Promise<T> {
  const release = acquireUploadSlot(asUser(principal).user.id);
  try {
    return await run();
  } finally {
    release();
  }
}
