import { describe, expect, it } from 'vitest';
import { eventsCommand, patternProblem } from '@/lib/alerts/rules';
import { alertChannelCreateSchema, alertRuleCreateSchema } from '@/lib/alerts/schemas';
import { mailMessage } from '@/server/alerts/channels';
import {
  aboveFor,
  type EvaluatedRule,
  evaluate,
  forgetContainer,
  newEvaluatorState,
  type WatchedContainer,
} from '@/server/alerts/evaluator';
import { pruneFirings } from '@/server/alerts/store';
import { openDatabase } from '@/server/db';

const rule = (over: Partial<EvaluatedRule> = {}): EvaluatedRule => ({
  id: 1,
  name: 'hot',
  kind: 'cpu',
  enabled: true,
  scope: { environments: '*', nameGlob: 'web-*' },
  params: { thresholdPercent: 80, durationSeconds: 10 },
  cooldownSeconds: 300,
  ...over,
});
const web: WatchedContainer = { id: 'c1', name: 'web-1', labels: { 'com.docker.compose.project': 'shop' } };
const sample = (cpuPercent: number, memoryPercent = 0) => ({
  cpuPercent,
  memoryPercent,
  memoryUsage: memoryPercent * 1000,
  memoryLimit: 100_000,
});
const stats = (at: number, cpu: number, mem = 0, container = web) =>
  ({ kind: 'stats', env: 'local', at, container, sample: sample(cpu, mem) }) as const;

describe('threshold for a duration', () => {
  it('counts from the first reading above and restarts when one falls below', () => {
    const above = new Map<string, number>();
    expect(aboveFor(above, 'k', 90, 80, 0)).toBe(0);
    expect(aboveFor(above, 'k', 95, 80, 5_000)).toBe(5_000);
    expect(aboveFor(above, 'k', 80, 80, 6_000)).toBeNull(); // equal is not above
    expect(aboveFor(above, 'k', 85, 80, 7_000)).toBe(0);
  });

  it('fires a CPU rule only after D seconds above X %, once per cool-down', () => {
    const state = newEvaluatorState();
    const r = [rule()];
    expect(evaluate(r, stats(0, 90), state)).toEqual([]);
    expect(evaluate(r, stats(9_000, 90), state)).toEqual([]);
    // A dip restarts the clock.
    expect(evaluate(r, stats(9_500, 10), state)).toEqual([]);
    expect(evaluate(r, stats(15_000, 99), state)).toEqual([]);
    const [f] = evaluate(r, stats(25_000, 99), state);
    expect(f).toMatchObject({ kind: 'cpu', target: 'web-1', containerId: 'c1', details: { percent: 99 } });
    expect(f?.message).toContain('above 80% for 10 s');
    expect(evaluate(r, stats(26_000, 99), state)).toEqual([]);
    // Out of scope: never.
    const db1 = { id: 'c2', name: 'db-1', labels: {} };
    expect(evaluate(r, stats(0, 99, 0, db1), state)).toEqual([]);
    expect(evaluate(r, stats(60_000, 99, 0, db1), state)).toEqual([]);
  });

  it('reads memory % for memory rules, and forgets a stopped container', () => {
    const state = newEvaluatorState();
    const r = [rule({ kind: 'memory', params: { thresholdPercent: 50, durationSeconds: 0 } })];
    expect(evaluate(r, stats(0, 99, 40), state)).toEqual([]);
    const [f] = evaluate(r, stats(1_000, 0, 60), state);
    expect(f?.details).toMatchObject({ percent: 60, usageBytes: 60_000, limitBytes: 100_000 });
    const s2 = newEvaluatorState();
    const slow = [rule({ kind: 'memory', params: { thresholdPercent: 50, durationSeconds: 5 } })];
    evaluate(slow, stats(0, 0, 60), s2);
    forgetContainer(s2, 'local', 'c1');
    expect(evaluate(slow, stats(5_000, 0, 60), s2)).toEqual([]);
  });
});

describe('log line rules', () => {
  const r = [
    rule({
      kind: 'log_match',
      params: { pattern: 'ERROR \\d+' },
      scope: { environments: '*', project: 'shop' },
    }),
  ];
  const line = (text: string, at = 0, container = web) =>
    ({ kind: 'log', env: 'local', at, container, text }) as const;

  it('fires on a matching line only, with the line', () => {
    const state = newEvaluatorState();
    expect(evaluate(r, line('all good'), state)).toEqual([]);
    const [f] = evaluate(r, line('boom: ERROR 42 happened'), state);
    expect(f).toMatchObject({ kind: 'log_match', details: { line: 'boom: ERROR 42 happened' } });
    // Cool-down per container.
    expect(evaluate(r, line('ERROR 43', 1_000), state)).toEqual([]);
    expect(evaluate(r, line('ERROR 43', 1_000, { ...web, id: 'c9', name: 'web-9' }), state)).toHaveLength(1);
    // Another project is out of scope.
    expect(evaluate(r, line('ERROR 1', 0, { id: 'x', name: 'web-x', labels: {} }), state)).toEqual([]);
  });

  it('tests only the first 4 KiB of a line', () => {
    const state = newEvaluatorState();
    expect(evaluate(r, line(`${'x'.repeat(5000)} ERROR 1`), state)).toEqual([]);
  });

  it('refuses unbounded or broken patterns', () => {
    expect(patternProblem('ERROR \\d+')).toBeNull();
    expect(patternProblem('(a+)+$')).toMatch(/quantified group/);
    expect(patternProblem('(x*)*')).toMatch(/quantified group/);
    expect(patternProblem('(a)\\1')).toMatch(/back-reference/);
    expect(patternProblem('(')).toMatch(/Not a regular expression/);
    expect(patternProblem('a'.repeat(201))).toMatch(/200/);
    const parsed = alertRuleCreateSchema.safeParse({
      name: 'x',
      kind: 'log_match',
      params: { pattern: '(a+)+' },
    });
    expect(parsed.success).toBe(false);
    expect(alertRuleCreateSchema.safeParse({ name: 'x', kind: 'log_match' }).error?.issues[0]?.path).toEqual([
      'params',
      'pattern',
    ]);
  });
});

describe('disk rules', () => {
  it('fire when the total is above the size, per environment and cool-down', () => {
    const state = newEvaluatorState();
    const r = [rule({ kind: 'disk', scope: { environments: '*' }, params: { diskBytes: 1000 } })];
    const disk = (totalBytes: number, at = 0) => ({ kind: 'disk', env: 'local', at, totalBytes }) as const;
    expect(evaluate(r, disk(1000), state)).toEqual([]);
    expect(evaluate(r, disk(1001), state)[0]).toMatchObject({
      target: 'local',
      details: { totalBytes: 1001 },
    });
    expect(evaluate(r, disk(5000, 1000), state)).toEqual([]);
    expect(eventsCommand('disk', {})).toBe('docker system df');
    expect(eventsCommand('cpu', { project: 'shop' })).toBe(
      'docker stats $(docker ps -q --filter label=com.docker.compose.project=shop)',
    );
  });
});

describe('e-mail channels', () => {
  it('need smtp://host:port, a sender and recipients', () => {
    const ok = alertChannelCreateSchema.safeParse({
      name: 'mail',
      kind: 'email',
      url: 'smtp://mail.example:587',
      options: { security: 'starttls', from: 'berth@example.com', to: ['ops@example.com'] },
    });
    expect(ok.success).toBe(true);
    const bad = alertChannelCreateSchema.safeParse({
      name: 'mail',
      kind: 'email',
      url: 'https://x',
      options: {},
    });
    expect(bad.error?.issues.map((i) => i.path.join('.'))).toEqual(['url', 'options.from', 'options.to']);
  });

  it('write the firing as subject and body', () => {
    const m = mailMessage(
      { kind: 'email', url: 'smtp://h', secret: null, options: { from: 'a@b.c', to: ['d@e.f'] } },
      {
        firingId: 1,
        ruleId: 1,
        ruleName: 'crash',
        kind: 'exit_nonzero',
        env: 'local',
        target: 'web-1',
        containerId: 'c1',
        message: 'web-1 exited with code 3',
        details: { exitCode: 3 },
        at: 0,
      },
    );
    expect(m).toMatchObject({ from: 'a@b.c', to: ['d@e.f'], subject: 'Berth alert: crash' });
    expect(m.text).toContain('web-1 exited with code 3');
    expect(m.text).toContain('exitCode: 3');
  });
});

describe('firing retention', () => {
  it('drops firings older than N days, then the oldest beyond N rows, with their deliveries', () => {
    const db = openDatabase(':memory:');
    const day = 86_400_000;
    const now = 100 * day;
    const insert = db.prepare(
      `INSERT INTO alert_firings (rule_name, kind, env, target, message, fired_at) VALUES ('r', 'oom', 'local', ?, 'm', ?)`,
    );
    for (let i = 0; i < 10; i++) insert.run(`t${i}`, now - i * day);
    const firstId = (db.prepare('SELECT id FROM alert_firings WHERE target = ?').get('t0') as { id: number })
      .id;
    const oldId = (db.prepare('SELECT id FROM alert_firings WHERE target = ?').get('t9') as { id: number })
      .id;
    db.prepare(
      `INSERT INTO alert_deliveries (firing_id, channel_name, status, updated_at) VALUES (?, 'c', 'ok', 0), (?, 'c', 'ok', 0)`,
    ).run(firstId, oldId);
    // Older than 7 days: t8 and t9 (t7 is exactly 7 days old and stays).
    expect(pruneFirings(db, { now, days: 7, rows: 100 })).toBe(2);
    // Then only the newest 5.
    expect(pruneFirings(db, { now, days: 7, rows: 5 })).toBe(3);
    const left = db.prepare('SELECT target FROM alert_firings ORDER BY fired_at DESC').all();
    expect(left).toEqual(['t0', 't1', 't2', 't3', 't4'].map((target) => ({ target })));
    expect(db.prepare('SELECT firing_id FROM alert_deliveries').all()).toEqual([{ firing_id: firstId }]);
    expect(pruneFirings(db, { now, days: 7, rows: 5 })).toBe(0);
    db.close();
  });
});
