import { contextValue, serverContext } from '@/server/context';
import {
  currentEnvironment,
  docker,
  perEnvironment,
  sharedEngineWork,
  withEnvironment,
} from '@/server/docker/client';
import { SharedCall } from '@/server/docker/shared-call';
import type { RawDf } from '@/server/docker/system-view';

/** A `system df` answer and when it arrived. */
export interface DfMeasurement {
  raw: RawDf;
  measuredAt: number;
}

/**
 * How long one `system df` answers every caller. The engine walks every layer, container and volume for it
 * (seconds on a big host) and refuses a second one while it runs; the dashboard, the prune page's previews and
 * the volume list all ask at once. A few seconds is below what a person notices after a change Berth did not
 * make itself; changes Berth makes (prunes, volume create/remove, image removal) drop it at once.
 */
export const DF_TTL_MS = 5_000;

/**
 * The whole `system df`, one call at a time for every caller of the process. Volume sizes come from it too:
 * engines before API 1.42 ignore `type=volume` and compute everything anyway, so a separate volume-only call
 * would cost as much and collide with this one. `fresh`: a prune preview, whose candidates must include what
 * changed outside Berth a moment ago, takes no kept answer (but joins a running call rather than collide).
 */
export function systemDf(opts: { fresh?: boolean } = {}): Promise<DfMeasurement> {
  return perEnvironment(
    contextValue('diskUsage', () => new Map()),
    (env) =>
      new SharedCall<DfMeasurement>(
        // Shared by every waiting caller: one client leaving must not cancel it for the others.
        () =>
          withEnvironment(env, () =>
            sharedEngineWork(async () => ({
              raw: (await retryWhileBusy(() => docker().df())) as RawDf,
              measuredAt: Date.now(),
            })),
          ),
        DF_TTL_MS,
      ),
  ).get(opts.fresh ? 0 : DF_TTL_MS);
}

const BUSY = /a disk usage operation is already running/;

/**
 * Runs `call`, again after a pause while the engine says another `system df` is running: Berth's own calls never
 * overlap, but another client of the engine (the docker CLI, a second console) may be measuring.
 */
export async function retryWhileBusy<T>(
  call: () => Promise<T>,
  pausesMs: readonly number[] = [100, 200, 400, 800, 1_600],
): Promise<T> {
  for (const pause of pausesMs) {
    try {
      return await call();
    } catch (err) {
      if (!BUSY.test(err instanceof Error ? err.message : String(err))) throw err;
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
  }
  return call();
}

/** Something `system df` measures changed: the next caller measures again. */
export function forgetDiskUsage(): void {
  serverContext().diskUsage?.get(currentEnvironment())?.forget();
}
