import { describe, expect, it } from 'vitest';
import type { EngineEvent } from '@/lib/events/types';
import { type EvaluatedRule, evaluate, matchesScope, newEvaluatorState } from '@/server/alerts/evaluator';

const rule = (over: Partial<EvaluatedRule> = {}): EvaluatedRule => ({
  id: 1,
  name: 'crash',
  kind: 'exit_nonzero',
  enabled: true,
  scope: { environments: '*' },
  params: {},
  cooldownSeconds: 300,
  ...over,
});

const event = (action: string, attributes: Record<string, string> = {}, id = 'c1'): EngineEvent => ({
  type: 'container',
  action,
  id,
  name: attributes.name ?? 'web-1',
  timeNano: '1',
  attributes: { name: 'web-1', ...attributes },
});

const fact = (e: EngineEvent, at = 1_000, env = 'local') => ({ kind: 'event' as const, env, at, event: e });

describe('alert evaluator', () => {
  it('fires on a non-zero exit, naming the container and the code, and not on exit 0', () => {
    const state = newEvaluatorState();
    expect(evaluate([rule()], fact(event('die', { exitCode: '0' })), state)).toEqual([]);
    const [f] = evaluate([rule()], fact(event('die', { exitCode: '3' })), state);
    expect(f).toMatchObject({ ruleId: 1, target: 'web-1', containerId: 'c1', details: { exitCode: 3 } });
    expect(f?.message).toContain('code 3');
  });

  it('holds the cool-down per rule and target, then fires again', () => {
    const state = newEvaluatorState();
    const r = [rule({ cooldownSeconds: 60 })];
    expect(evaluate(r, fact(event('die', { exitCode: '1' }), 0), state)).toHaveLength(1);
    expect(evaluate(r, fact(event('die', { exitCode: '1' }), 59_000), state)).toHaveLength(0);
    // Another container is another target.
    expect(
      evaluate(r, fact(event('die', { exitCode: '1', name: 'web-2' }, 'c2'), 59_000), state),
    ).toHaveLength(1);
    expect(evaluate(r, fact(event('die', { exitCode: '1' }), 60_000), state)).toHaveLength(1);
  });

  it('matches the scope: name glob, label, compose project, environment', () => {
    const e = event('die', { name: 'shop-web-1', tier: 'front', 'com.docker.compose.project': 'shop' });
    expect(matchesScope({ environments: '*', nameGlob: 'shop-*' }, 'local', e)).toBe(true);
    expect(matchesScope({ environments: '*', nameGlob: 'db-*' }, 'local', e)).toBe(false);
    expect(matchesScope({ environments: '*', nameGlob: 'shop-web-?' }, 'local', e)).toBe(true);
    expect(matchesScope({ environments: '*', label: 'tier' }, 'local', e)).toBe(true);
    expect(matchesScope({ environments: '*', label: 'tier=front' }, 'local', e)).toBe(true);
    expect(matchesScope({ environments: '*', label: 'tier=back' }, 'local', e)).toBe(false);
    expect(matchesScope({ environments: '*', project: 'shop' }, 'local', e)).toBe(true);
    expect(matchesScope({ environments: '*', project: 'blog' }, 'local', e)).toBe(false);
    expect(matchesScope({ environments: ['prod'] }, 'local', e)).toBe(false);
    expect(matchesScope({ environments: ['prod'] }, 'prod', e)).toBe(true);
    // A glob's dots are literal.
    expect(matchesScope({ environments: '*', nameGlob: 'a.b' }, 'local', event('die', { name: 'axb' }))).toBe(
      false,
    );
  });

  it('fires on OOM and unhealthy only for their rules, and not for disabled rules', () => {
    const state = newEvaluatorState();
    const rules = [
      rule({ id: 2, kind: 'oom' }),
      rule({ id: 3, kind: 'unhealthy' }),
      rule({ id: 4, enabled: false }),
    ];
    expect(evaluate(rules, fact(event('oom')), state).map((f) => f.ruleId)).toEqual([2]);
    expect(evaluate(rules, fact(event('health_status: unhealthy')), state).map((f) => f.ruleId)).toEqual([3]);
    expect(evaluate(rules, fact(event('health_status: healthy')), state)).toEqual([]);
    // As toEngineEvent maps it.
    const mapped = {
      ...event('health_status'),
      id: 'c9',
      attributes: { name: 'web-9' },
      detail: 'unhealthy',
    };
    expect(evaluate(rules, fact(mapped), state).map((f) => f.ruleId)).toEqual([3]);
    const healthy = { ...event('health_status'), id: 'c8', attributes: { name: 'web-8' }, detail: 'healthy' };
    expect(evaluate(rules, fact(healthy), state)).toEqual([]);
    expect(evaluate(rules, fact(event('die', { exitCode: '1' })), state)).toEqual([]);
  });

  it('fires when a container restarts more than N times in M minutes', () => {
    const state = newEvaluatorState();
    const r = [
      rule({ kind: 'restarting', params: { restartCount: 2, windowMinutes: 1 }, cooldownSeconds: 0 }),
    ];
    const die = (at: number) => evaluate(r, fact(event('die', { exitCode: '1' }), at), state);
    expect(die(0)).toEqual([]);
    expect(die(10_000)).toEqual([]);
    // Dies spread over more than the window never add up.
    expect(die(70_000)).toEqual([]);
    expect(die(75_000)).toEqual([]);
    // A third die within a minute: more than 2 restarts.
    expect(die(80_000)[0]?.details).toEqual({ restarts: 3, windowMinutes: 1 });
  });

  it('fires when the engine becomes unreachable, once per cool-down', () => {
    const state = newEvaluatorState();
    const r = [rule({ kind: 'engine_unreachable', scope: { environments: ['prod'] } })];
    const status = (reachable: boolean, env: string, at = 0) =>
      evaluate(r, { kind: 'status', env, at, reachable, address: 'tcp://h:2375' }, state);
    expect(status(true, 'prod')).toEqual([]);
    expect(status(false, 'local')).toEqual([]);
    expect(status(false, 'prod')[0]).toMatchObject({ target: 'prod', containerId: null });
    expect(status(false, 'prod', 1000)).toEqual([]);
  });
});
