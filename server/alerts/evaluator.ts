import { globToRegExp } from '@/lib/alerts/rules';
import type { AlertRuleKind, AlertScope } from '@/lib/alerts/types';
import type { EngineEvent } from '@/lib/events/types';

/**
 * The alert evaluator: facts from one engine's events stream in, firings out. Pure apart from the state
 * object it is given (restart windows and cool-downs), so it is tested without an engine or a clock.
 */

export type AlertFact =
  | { kind: 'event'; env: string; at: number; event: EngineEvent }
  | { kind: 'status'; env: string; at: number; reachable: boolean; address: string };

export interface EvaluatedRule {
  id: number;
  name: string;
  kind: AlertRuleKind;
  enabled: boolean;
  scope: AlertScope;
  params: { restartCount?: number; windowMinutes?: number };
  cooldownSeconds: number;
}

export interface Firing {
  ruleId: number;
  ruleName: string;
  kind: AlertRuleKind;
  env: string;
  target: string;
  containerId: string | null;
  message: string;
  details: Record<string, string | number>;
  at: number;
}

export interface EvaluatorState {
  /** rule|env|container → times of its recent `die` events. */
  dies: Map<string, number[]>;
  /** rule|env|target → when it last fired. */
  lastFired: Map<string, number>;
}

export const newEvaluatorState = (): EvaluatorState => ({ dies: new Map(), lastFired: new Map() });

export const DEFAULT_RESTART_COUNT = 3;
export const DEFAULT_WINDOW_MINUTES = 5;
const COMPOSE_PROJECT = 'com.docker.compose.project';

export function inEnvironment(scope: AlertScope, env: string): boolean {
  return scope.environments === '*' || scope.environments.includes(env);
}

/** Whether a container event's container is in the scope (its labels come as the event's attributes). */
export function matchesScope(scope: AlertScope, env: string, event: EngineEvent): boolean {
  if (!inEnvironment(scope, env)) return false;
  const name = event.attributes.name ?? event.name ?? '';
  if (scope.nameGlob && !globToRegExp(scope.nameGlob).test(name)) return false;
  if (scope.project && event.attributes[COMPOSE_PROJECT] !== scope.project) return false;
  if (scope.label) {
    const at = scope.label.indexOf('=');
    const key = at < 0 ? scope.label : scope.label.slice(0, at);
    if (!(key in event.attributes)) return false;
    if (at >= 0 && event.attributes[key] !== scope.label.slice(at + 1)) return false;
  }
  return true;
}

type Candidate = Omit<Firing, 'ruleId' | 'ruleName' | 'kind' | 'env' | 'at'>;

function candidate(rule: EvaluatedRule, fact: AlertFact, state: EvaluatorState): Candidate | null {
  if (fact.kind === 'status') {
    if (rule.kind !== 'engine_unreachable' || fact.reachable || !inEnvironment(rule.scope, fact.env))
      return null;
    return {
      target: fact.env,
      containerId: null,
      message: `Engine of environment ${fact.env} (${fact.address}) is unreachable`,
      details: { address: fact.address },
    };
  }
  const { event } = fact;
  if (event.type !== 'container' || !matchesScope(rule.scope, fact.env, event)) return null;
  const name = event.attributes.name ?? event.name ?? event.id.slice(0, 12);
  const base = { target: name, containerId: event.id };
  switch (rule.kind) {
    case 'exit_nonzero': {
      const code = event.attributes.exitCode;
      if (event.action !== 'die' || code === undefined || code === '0') return null;
      return { ...base, message: `${name} exited with code ${code}`, details: { exitCode: Number(code) } };
    }
    case 'oom':
      if (event.action !== 'oom') return null;
      return { ...base, message: `${name} was killed: out of memory`, details: {} };
    case 'unhealthy':
      // Berth's events carry `health_status` with the status as `detail`; the engine's raw form has both in one.
      if (
        event.action !== 'health_status: unhealthy' &&
        !(event.action === 'health_status' && event.detail === 'unhealthy')
      )
        return null;
      return { ...base, message: `${name} is unhealthy`, details: {} };
    case 'restarting': {
      // Each restart is a `die` then a `start`: more than N restarts in the window is more than N dies.
      if (event.action !== 'die') return null;
      const limit = rule.params.restartCount ?? DEFAULT_RESTART_COUNT;
      const windowMs = (rule.params.windowMinutes ?? DEFAULT_WINDOW_MINUTES) * 60_000;
      const key = `${rule.id}|${fact.env}|${event.id}`;
      const recent = (state.dies.get(key) ?? []).filter((t) => t > fact.at - windowMs);
      recent.push(fact.at);
      state.dies.set(key, recent);
      if (recent.length <= limit) return null;
      return {
        ...base,
        message: `${name} restarted ${recent.length} times in ${windowMs / 60_000} min`,
        details: { restarts: recent.length, windowMinutes: windowMs / 60_000 },
      };
    }
    default:
      return null;
  }
}

/** The firings a fact causes, after de-duplication and each rule's cool-down per target. */
export function evaluate(rules: readonly EvaluatedRule[], fact: AlertFact, state: EvaluatorState): Firing[] {
  const out: Firing[] = [];
  for (const rule of rules) {
    if (!rule.enabled) continue;
    const c = candidate(rule, fact, state);
    if (!c) continue;
    const key = `${rule.id}|${fact.env}|${c.target}`;
    const last = state.lastFired.get(key);
    if (last !== undefined && fact.at - last < rule.cooldownSeconds * 1000) continue;
    state.lastFired.set(key, fact.at);
    out.push({ ...c, ruleId: rule.id, ruleName: rule.name, kind: rule.kind, env: fact.env, at: fact.at });
  }
  return out;
}

/** Drops windows and cool-downs that can no longer matter, so the state stays bounded. */
export function pruneState(state: EvaluatorState, now: number, maxAgeMs = 7 * 86_400_000): void {
  for (const [k, t] of state.lastFired) if (now - t > maxAgeMs) state.lastFired.delete(k);
  for (const [k, times] of state.dies)
    if (!times.length || now - (times.at(-1) ?? 0) > 86_400_000) state.dies.delete(k);
}
