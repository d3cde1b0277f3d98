import { describe, expect, it } from 'vitest';
import type { EvaluatedRule } from '@/server/alerts/evaluator';
import { wantsContainer, watchedEnvironments } from '@/server/alerts/watcher';

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

describe('which containers the alert watcher follows', () => {
  const web = { id: 'c1', name: 'web-1', labels: { 'com.docker.compose.project': 'shop' } };
  const cpu = (over: Partial<EvaluatedRule>): EvaluatedRule => ({
    ...rule('*'),
    kind: 'cpu',
    params: { thresholdPercent: 90 },
    ...over,
  });
  it('a container a stats or log rule covers, for that rule kind only', () => {
    expect(
      wantsContainer(
        [cpu({ scope: { environments: '*', project: 'shop' } })],
        ['cpu', 'memory'],
        'local',
        web,
      ),
    ).toBe(true);
    expect(
      wantsContainer([cpu({ scope: { environments: '*', project: 'shop' } })], ['log_match'], 'local', web),
    ).toBe(false);
    expect(
      wantsContainer([cpu({ scope: { environments: '*', nameGlob: 'db-*' } })], ['cpu'], 'local', web),
    ).toBe(false);
    expect(
      wantsContainer([cpu({ enabled: false, scope: { environments: '*' } })], ['cpu'], 'local', web),
    ).toBe(false);
    expect(wantsContainer([cpu({ scope: { environments: ['prod'] } })], ['cpu'], 'local', web)).toBe(false);
  });
});
