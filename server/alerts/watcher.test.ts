import { describe, expect, it } from 'vitest';
import type { EvaluatedRule } from '@/server/alerts/evaluator';
import { watchedEnvironments } from '@/server/alerts/watcher';

const rule = (environments: EvaluatedRule['scope']['environments'], enabled = true): EvaluatedRule => ({
  id: 1,
  name: 'r',
  kind: 'oom',
  enabled,
  scope: { environments },
  params: {},
  cooldownSeconds: 300,
});

describe('which events streams the alert watcher listens on', () => {
  const known = ['local', 'prod', 'staging'];
  it('none without enabled rules', () => {
    expect(watchedEnvironments([], known)).toEqual([]);
    expect(watchedEnvironments([rule('*', false)], known)).toEqual([]);
  });
  it('every known environment for `*`, the named ones otherwise, and always local', () => {
    expect(watchedEnvironments([rule('*')], known)).toEqual(['local', 'prod', 'staging']);
    expect(watchedEnvironments([rule(['prod', 'gone'])], known)).toEqual(['local', 'prod']);
  });
});
