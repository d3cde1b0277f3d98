import { LOCAL_ENVIRONMENT } from '@/lib/environments/types';
import { channelRequest, type Notice } from '@/server/alerts/channels';
import {
  type AlertFact,
  type EvaluatedRule,
  type EvaluatorState,
  evaluate,
  newEvaluatorState,
  pruneState,
} from '@/server/alerts/evaluator';
import { type SendResult, send } from '@/server/alerts/outbound';
import { channelSecrets, listRules, recordFiring, updateDelivery } from '@/server/alerts/store';
import { contextValue, serverContext } from '@/server/context';
import { listEnvironments } from '@/server/environments/store';
import type { EngineEventMessage } from '@/server/realtime/engine-events';
import { envKey } from '@/server/realtime/shared-stream';
import { getSettings } from '@/server/settings/store';

/**
 * Alerts are evaluated from the one shared events stream of each engine (server/realtime): the watcher is
 * one more listener on it, per environment that an enabled rule covers, so rules cost the engine nothing.
 */
export interface AlertWatcher {
  rules: EvaluatedRule[];
  state: EvaluatorState;
  /** env → unsubscribe. */
  listening: Map<string, () => void>;
  retry: Map<string, NodeJS.Timeout>;
}

function watcher(): AlertWatcher {
  return contextValue('alertWatcher', () => ({
    rules: [],
    state: newEvaluatorState(),
    listening: new Map(),
    retry: new Map(),
  }));
}

/** The environments the enabled rules cover (an unknown id is simply never seen). */
export function watchedEnvironments(rules: readonly EvaluatedRule[], known: readonly string[]): string[] {
  const out = new Set<string>();
  for (const rule of rules) {
    if (!rule.enabled) continue;
    out.add(LOCAL_ENVIRONMENT);
    if (rule.scope.environments === '*') for (const env of known) out.add(env);
    else for (const env of rule.scope.environments) if (known.includes(env)) out.add(env);
  }
  return [...out].sort();
}

/** Re-reads the rules and opens or closes the per-environment listeners to match. Call after any rule change. */
export function syncAlertWatcher(): void {
  const hubs = serverContext().hubs;
  if (!hubs) return; // no socket server (unit tests, build): nothing to listen on
  const w = watcher();
  w.rules = listRules();
  const known = [LOCAL_ENVIRONMENT, ...listEnvironments().map((e) => e.id)];
  const wanted = new Set(watchedEnvironments(w.rules, known));
  for (const [env, off] of w.listening) {
    if (wanted.has(env)) continue;
    off();
    w.listening.delete(env);
  }
  for (const env of wanted) if (!w.listening.has(env)) listen(env);
  pruneState(w.state, Date.now());
}

function listen(env: string): void {
  const hubs = serverContext().hubs;
  const w = watcher();
  if (!hubs) return;
  const off = hubs.events.subscribe(
    envKey(env, 'engine'),
    (msg) => onMessage(env, msg),
    () => {
      // The upstream ended (it reconnects by itself, so this is rare): listen again shortly.
      w.listening.delete(env);
      if (w.retry.has(env)) return;
      const t = setTimeout(() => {
        w.retry.delete(env);
        syncAlertWatcher();
      }, 2000);
      t.unref();
      w.retry.set(env, t);
    },
  );
  w.listening.set(env, off);
}

function onMessage(env: string, msg: EngineEventMessage): void {
  let fact: AlertFact;
  if (msg.kind === 'event') fact = { kind: 'event', env, at: Date.now(), event: msg.event };
  else if (msg.kind === 'status')
    fact = {
      kind: 'status',
      env,
      at: Date.now(),
      reachable: msg.status.reachable,
      address: msg.status.address,
    };
  else return;
  const w = watcher();
  for (const firing of evaluate(w.rules, fact, w.state)) {
    try {
      const stored = recordFiring(firing);
      const notice: Notice = { ...firing, firingId: stored.id };
      for (const d of stored.deliveries) void deliver(d.id, d.channelId, notice);
    } catch (err) {
      console.error('[alerts] could not record a firing', err);
    }
  }
}

/** Sends one notice through one channel with retries; never throws. */
export async function sendThrough(
  channelId: number,
  notice: Notice,
  onAttempt?: (attempts: number, error: string | null) => void,
): Promise<SendResult> {
  try {
    const channel = channelSecrets(channelId);
    return await send(channelRequest(channel, notice), {
      allowPrivate: getSettings().alerts.allowPrivateTargets,
      // The URL was accepted with its token when the channel was made; a user:password is refused then.
      allowCredentials: false,
      onAttempt,
    });
  } catch (err) {
    return { ok: false, attempts: 0, error: (err as Error).message };
  }
}

async function deliver(deliveryId: number, channelId: number, notice: Notice): Promise<void> {
  const result = await sendThrough(channelId, notice, (attempts, error) => {
    try {
      updateDelivery(deliveryId, 'pending', attempts, error);
    } catch {
      // the firing may be gone
    }
  });
  try {
    updateDelivery(deliveryId, result.ok ? 'ok' : 'failed', result.attempts, result.error);
  } catch (err) {
    console.error('[alerts] could not record a delivery', err);
  }
}

export function stopAlertWatcher(): void {
  const w = serverContext().alertWatcher;
  if (!w) return;
  for (const off of w.listening.values()) off();
  w.listening.clear();
  for (const t of w.retry.values()) clearTimeout(t);
  w.retry.clear();
}
