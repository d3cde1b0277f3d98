import { globToRegExp, lineMatches } from '@/lib/alerts/rules';
import type { AlertRuleKind, AlertRuleParams, AlertScope } from '@/lib/alerts/types';
import type { EngineEvent } from '@/lib/events/types';

/**
 * The alert evaluator: facts from one engine's events stream in, firings out. Pure apart from the state
 * object it is given (restart windows and cool-downs), so it is tested without an engine or a clock.
 */

/** A container a stats sample or a log line came from: what a scope matches on. */
export interface WatchedContainer {
  id: string;
  name: string;
  labels: Record<string, string>;
}

export type AlertFact =
  | { kind: 'event'; env: string; at: number; event: EngineEvent }
  | { kind: 'status'; env: string; at: number; reachable: boolean; address: string }
  | {
      kind: 'stats';
      env: string;
      at: number;
      container: WatchedContainer;
      sample: { cpuPercent: number; memoryPercent: number; memoryUsage: number; memoryLimit: number };
    }
  | { kind: 'log'; env: string; at: number; container: WatchedContainer; text: string }
  | { kind: 'disk'; env: string; at: number; totalBytes: number };

export interface EvaluatedRule {
  id: number;
  name: string;
  kind: AlertRuleKind;
  enabled: boolean;
  scope: AlertScope;
  params: AlertRuleParams;
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
  /** rule|env|container → since when its CPU or memory has been above the threshold without a break. */
  above: Map<string, number>;
  /** Compiled log patterns, by source. */
  patterns: Map<string, RegExp | null>;
}

export const newEvaluatorState = (): EvaluatorState => ({
  dies: new Map(),
  lastFired: new Map(),
  above: new Map(),
  patterns: new Map(),
});

export const DEFAULT_DURATION_SECONDS = 30;

/**
 * Threshold for a duration: how long (ms) `value` has stayed above `threshold` at time `at`, or null when it is
 * not above now (which restarts the clock). A single reading above a zero duration counts at once.
 */
export function aboveFor(
  above: Map<string, number>,
  key: string,
  value: number,
  threshold: number,
  at: number,
): number | null {
  if (!(value > threshold)) {
    above.delete(key);
    return null;
  }
  const since = above.get(key) ?? at;
  above.set(key, since);
  return at - since;
}

function compiled(state: EvaluatorState, pattern: string): RegExp | null {
  let re = state.patterns.get(pattern);
  if (re === undefined) {
    try {
      re = new RegExp(pattern);
    } catch {
      re = null;
    }
    state.patterns.set(pattern, re);
  }
  return re;
}

export const DEFAULT_RESTART_COUNT = 3;
export const DEFAULT_WINDOW_MINUTES = 5;
const COMPOSE_PROJECT = 'com.docker.compose.project';

export function inEnvironment(scope: AlertScope, env: string): boolean {
  return scope.environments === '*' || scope.environments.includes(env);
}

/** Whether a container (its name and labels) is in the scope. */
export function matchesContainer(
  scope: AlertScope,
  env: string,
  name: string,
  labels: Record<string, string>,
): boolean {
  if (!inEnvironment(scope, env)) return false;
  if (scope.nameGlob && !globToRegExp(scope.nameGlob).test(name)) return false;
  if (scope.project && labels[COMPOSE_PROJECT] !== scope.project) return false;
  if (scope.label) {
    const at = scope.label.indexOf('=');
    const key = at < 0 ? scope.label : scope.label.slice(0, at);
    if (!Object.hasOwn(labels, key)) return false;
    if (at >= 0 && labels[key] !== scope.label.slice(at + 1)) return false;
  }
  return true;
}

/** Whether a container event's container is in the scope (its labels come as the event's attributes). */
export function matchesScope(scope: AlertScope, env: string, event: EngineEvent): boolean {
  return matchesContainer(scope, env, event.attributes.name ?? event.name ?? '', event.attributes);
}

/** Kinds evaluated from each container's stats stream, and from its log. */
export const STATS_KINDS: readonly AlertRuleKind[] = ['cpu', 'memory'];
export const LOG_KINDS: readonly AlertRuleKind[] = ['log_match'];

const pct = (n: number) => `${Math.round(n * 10) / 10}%`;

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
  if (fact.kind === 'disk') {
    const limit = rule.params.diskBytes;
    if (rule.kind !== 'disk' || limit === undefined || !inEnvironment(rule.scope, fact.env)) return null;
    if (fact.totalBytes <= limit) return null;
    return {
      target: fact.env,
      containerId: null,
      message: `Disk usage of environment ${fact.env} is ${fact.totalBytes} bytes, above ${limit}`,
      details: { totalBytes: fact.totalBytes, limitBytes: limit },
    };
  }
  if (fact.kind === 'stats' || fact.kind === 'log') {
    const c = fact.container;
    if (!matchesContainer(rule.scope, fact.env, c.name, c.labels)) return null;
    const base = { target: c.name, containerId: c.id };
    if (fact.kind === 'log') {
      if (rule.kind !== 'log_match' || !rule.params.pattern) return null;
      const re = compiled(state, rule.params.pattern);
      if (!re || !lineMatches(re, fact.text)) return null;
      const line = fact.text.slice(0, 500);
      return { ...base, message: `${c.name} logged: ${line}`, details: { line } };
    }
    if (rule.kind !== 'cpu' && rule.kind !== 'memory') return null;
    const threshold = rule.params.thresholdPercent;
    if (threshold === undefined) return null;
    const value = rule.kind === 'cpu' ? fact.sample.cpuPercent : fact.sample.memoryPercent;
    const key = `${rule.id}|${fact.env}|${c.id}`;
    const held = aboveFor(state.above, key, value, threshold, fact.at);
    const seconds = rule.params.durationSeconds ?? DEFAULT_DURATION_SECONDS;
    if (held === null || held < seconds * 1000) return null;
    const what = rule.kind === 'cpu' ? 'CPU' : 'Memory';
    const details: Record<string, number> = {
      percent: Math.round(value * 10) / 10,
      thresholdPercent: threshold,
    };
    if (rule.kind === 'memory') {
      details.usageBytes = fact.sample.memoryUsage;
      details.limitBytes = fact.sample.memoryLimit;
    }
    return {
      ...base,
      message: `${what} of ${c.name} at ${pct(value)}, above ${threshold}% for ${seconds} s`,
      details,
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
  for (const [k, since] of state.above) if (now - since > maxAgeMs) state.above.delete(k);
  if (state.patterns.size > 1000) state.patterns.clear();
}

/** Forgets the threshold clocks of a container whose stats stream ended (stopped, removed). */
export function forgetContainer(state: EvaluatorState, env: string, containerId: string): void {
  const suffix = `|${env}|${containerId}`;
  for (const k of state.above.keys()) if (k.endsWith(suffix)) state.above.delete(k);
}
