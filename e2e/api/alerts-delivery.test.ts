import { execFile } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertChannelView, AlertFiringView, AlertRuleView, ChannelTestResult } from '@/lib/alerts/types';
import { api, type ErrorEnvelope, userSession } from '../support/api';
import { engine, TEST_IMAGE, waitFor } from '../support/engine';
import { uniqueTag } from '../support/images';
import { removeLabelled } from '../support/labelled';
import {
  expectFiredOnce,
  type HookReceiver,
  type MailReceiver,
  startHookReceiver,
  startMailReceiver,
} from '../support/receivers';

/*
 * Alerts end to end (issue 20): real containers on the real engine fire rules, delivered to receivers this test
 * runs on loopback: a webhook (HMAC checked), an ntfy-style topic (path, Title/Priority/Tags headers), an SMTP
 * server (the message parsed), and a receiver that answers 500 (retried with backoff, failure recorded).
 */

const run = promisify(execFile);
const RUN = uniqueTag('a2');
const LABEL = 'berth.test.alerts2=1';
const SECRET = `a2-hook-${RUN}`;
const SMTP_PASSWORD = `a2-smtp-${RUN}`;
const TOPIC = `/berth-${RUN}`;
/** Names all start with this, so each rule's glob names only its own containers. */
const P = `a2-${RUN}`;

let receiver: HookReceiver;
let smtp: MailReceiver;
let base = '';
let smtpPort = 0;
const channels: number[] = [];
const rules: number[] = [];

async function createChannel(body: Record<string, unknown>) {
  const res = await api<AlertChannelView>('/api/alerts/channels', { method: 'POST', json: body });
  if (res.status === 201) channels.push(res.body.id);
  return res;
}

async function createRule(body: Record<string, unknown>, as?: { cookie: string }) {
  const res = await api<AlertRuleView>('/api/alerts/rules', { method: 'POST', json: body, as });
  if (res.status === 201) rules.push(res.body.id);
  return res;
}

const firingsOf = async (target: string) =>
  (await api<AlertFiringView[]>('/api/alerts/firings?limit=500')).body.filter((f) => f.target === target);
const hooksFor = (path: string, needle: string) => receiver.hooksFor(path, needle);
const mailsFor = (needle: string) => smtp.mailsFor(needle);
const setPrivate = (on: boolean) =>
  api('/api/settings', { method: 'PUT', json: { alerts: { allowPrivateTargets: on } } });
const engineTime = (iso: string) => Date.parse(iso);

/** `docker run` in the foreground, its non-zero exit expected. */
async function runToExit(args: string[]): Promise<void> {
  await run('docker', ['run', '--label', LABEL, '--network', 'none', ...args]).catch(() => {});
}

let hook: AlertChannelView;
let ntfy: AlertChannelView;
let mail: AlertChannelView;
let failing: AlertChannelView;

beforeAll(async () => {
  receiver = await startHookReceiver((path) => (path === '/fail' ? { status: 500, body: 'no' } : undefined));
  base = receiver.base;
  smtp = await startMailReceiver({ user: 'berth', password: SMTP_PASSWORD });
  smtpPort = smtp.port;
});

afterAll(async () => {
  for (const id of rules) await api(`/api/alerts/rules/${id}`, { method: 'DELETE' });
  for (const id of channels) await api(`/api/alerts/channels/${id}`, { method: 'DELETE' });
  await setPrivate(false);
  await removeLabelled(LABEL);
  await receiver.close();
  await smtp.close();
});

describe('alert delivery: webhook, ntfy, e-mail', () => {
  it('refuses an SMTP host on loopback while private targets are off, then takes it', async () => {
    expect((await setPrivate(false)).status).toBe(200);
    const body = {
      name: `mail-${RUN}`,
      kind: 'email',
      url: `smtp://127.0.0.1:${smtpPort}`,
      secret: SMTP_PASSWORD,
      options: {
        security: 'none',
        user: 'berth',
        from: 'berth@example.test',
        to: ['ops@example.test', 'dev@example.test'],
      },
    };
    const refused = await createChannel(body);
    expect(refused.status).toBe(400);
    expect((refused.body as unknown as ErrorEnvelope).error.fields?.[0]?.path).toBe('body.url');
    const noRecipients = await createChannel({ ...body, options: { ...body.options, to: [] } });
    expect(noRecipients.status).toBe(400);

    expect((await setPrivate(true)).status).toBe(200);
    const created = await Promise.all([
      createChannel(body),
      createChannel({ name: `hook-${RUN}`, kind: 'webhook', url: `${base}/hook`, secret: SECRET }),
      createChannel({
        name: `ntfy-${RUN}`,
        kind: 'ntfy',
        url: `${base}${TOPIC}`,
        options: { priority: 5, tags: ['rotating_light', 'berth'] },
      }),
      createChannel({ name: `fail-${RUN}`, kind: 'webhook', url: `${base}/fail` }),
    ]);
    for (const c of created) expect(c.status).toBe(201);
    [mail, hook, ntfy, failing] = created.map((c) => c.body) as AlertChannelView[] as [
      AlertChannelView,
      AlertChannelView,
      AlertChannelView,
      AlertChannelView,
    ];
    expect(mail).toMatchObject({
      kind: 'email',
      urlOrigin: `smtp://127.0.0.1:${smtpPort}`,
      hasSecret: true,
      operatorUsable: false,
      options: { security: 'none', user: 'berth', to: ['ops@example.test', 'dev@example.test'] },
    });
    const list = await api<AlertChannelView[]>('/api/alerts/channels');
    expect(JSON.stringify(list.body)).not.toContain(SMTP_PASSWORD);
  });

  it('sends a test e-mail, authenticated with the stored password', async () => {
    const res = await api<ChannelTestResult>(`/api/alerts/channels/${mail.id}/test`, { method: 'POST' });
    expect(res.body).toEqual({ ok: true, attempts: 1, error: null });
    const [m] = mailsFor(`channel mail-${RUN}`);
    expect(m).toMatchObject({
      from: 'berth@example.test',
      to: ['ops@example.test', 'dev@example.test'],
      user: 'berth',
    });
    expect(m?.headers.subject).toBe('Berth alert: Test notification');
  });

  it('edits a channel without re-entering its secret (PATCH keeps it)', async () => {
    const res = await api<AlertChannelView>(`/api/alerts/channels/${mail.id}`, {
      method: 'PATCH',
      json: { name: `mail2-${RUN}`, operatorUsable: true },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ name: `mail2-${RUN}`, hasSecret: true, operatorUsable: true });
    // Still authenticates: the password was kept.
    const test = await api<ChannelTestResult>(`/api/alerts/channels/${mail.id}/test`, { method: 'POST' });
    expect(test.body.ok).toBe(true);
    expect(mailsFor(`channel mail2-${RUN}`)).toHaveLength(1);
    // A loopback URL is refused once private targets are off, as on create.
    await setPrivate(false);
    const moved = await api(`/api/alerts/channels/${hook.id}`, {
      method: 'PATCH',
      json: { url: 'http://127.0.0.2/x' },
    });
    await setPrivate(true);
    expect(moved.status).toBe(400);
    mail = res.body;
  });

  it('fires once within 5 s for exit 1, OOM, unhealthy and a restart loop, on all three channels', async () => {
    const all = () => [hook.id, ntfy.id, mail.id];
    const made = await Promise.all([
      createRule({
        name: `exit-${RUN}`,
        kind: 'exit_nonzero',
        scope: { nameGlob: `${P}-exit` },
        channelIds: all(),
      }),
      createRule({ name: `oom-${RUN}`, kind: 'oom', scope: { nameGlob: `${P}-oom` }, channelIds: all() }),
      createRule({
        name: `sick-${RUN}`,
        kind: 'unhealthy',
        scope: { nameGlob: `${P}-sick` },
        channelIds: all(),
      }),
      createRule({
        name: `loop-${RUN}`,
        kind: 'restarting',
        scope: { nameGlob: `${P}-loop` },
        params: { restartCount: 2, windowMinutes: 1 },
        channelIds: all(),
      }),
    ]);
    for (const r of made) expect(r.status).toBe(201);
    await new Promise((r) => setTimeout(r, 1000));

    await Promise.all([
      runToExit(['--name', `${P}-exit`, TEST_IMAGE, 'sh', '-c', 'exit 1']),
      runToExit([
        '--name',
        `${P}-oom`,
        '--memory',
        '8m',
        '--memory-swap',
        '8m',
        TEST_IMAGE,
        'sh',
        '-c',
        'x=a; while :; do x=$x$x; done',
      ]),
      run('docker', [
        'run',
        '-d',
        '--label',
        LABEL,
        '--network',
        'none',
        '--name',
        `${P}-sick`,
        '--health-cmd',
        'exit 1',
        '--health-interval',
        '1s',
        '--health-retries',
        '1',
        TEST_IMAGE,
        'sleep',
        '600',
      ]),
      run('docker', [
        'run',
        '-d',
        '--label',
        LABEL,
        '--network',
        'none',
        '--name',
        `${P}-loop`,
        '--restart',
        'always',
        TEST_IMAGE,
        'sh',
        '-c',
        'exit 1',
      ]),
    ]);
    const oom = await engine.getContainer(`${P}-oom`).inspect();
    expect(oom.State.OOMKilled).toBe(true);

    for (const [target, kind] of [
      [`${P}-exit`, 'exit_nonzero'],
      [`${P}-oom`, 'oom'],
      [`${P}-sick`, 'unhealthy'],
      [`${P}-loop`, 'restarting'],
    ] as const) {
      const firing = await waitFor(async () => {
        const [f] = await firingsOf(target);
        return f?.deliveries.length === 3 && f.deliveries.every((d) => d.status === 'ok') && f;
      }, 20_000);
      expect(firing.kind).toBe(kind);
      const info = await engine.getContainer(target).inspect();
      // When the engine saw what fired the rule: the exit (the OOM kill is an exit), the failed health check,
      // or (a loop) the last exit before the firing.
      const sawAt =
        kind === 'unhealthy'
          ? engineTime(info.State.Health?.Log?.find((l) => l.ExitCode !== 0)?.End ?? '')
          : engineTime(info.State.FinishedAt);
      if (kind !== 'restarting') expect(firing.firedAt - sawAt).toBeLessThan(5_000);
      else expect(firing.firedAt - engineTime(info.State.StartedAt)).toBeLessThan(5_000);

      const [post] = hooksFor('/hook', target);
      expect(post?.headers['x-berth-signature']).toBe(
        `sha256=${createHmac('sha256', SECRET)
          .update(post?.body ?? '')
          .digest('hex')}`,
      );
      expect(JSON.parse(post?.body ?? '{}').firing).toMatchObject({ kind, target, env: 'local' });
      const [topic] = hooksFor(TOPIC, target);
      expect(topic?.headers).toMatchObject({
        title: `Berth alert: ${firing.ruleName}`,
        priority: '5',
        tags: 'rotating_light,berth',
      });
      const [m] = mailsFor(target);
      expect(m?.headers.subject).toBe(`Berth alert: ${firing.ruleName}`);
      expect(m?.headers.from).toContain('berth@example.test');
      expect(m?.to).toEqual(['ops@example.test', 'dev@example.test']);
      expect(m?.text).toContain(`Target: ${target}`);
    }
    expect(JSON.parse(hooksFor('/hook', `${P}-exit`)[0]?.body ?? '{}').firing.details).toEqual({
      exitCode: 1,
    });

    // Cool-down: the exit again, the loop going on, the sick container still failing: no second notice.
    await run('docker', ['start', '-a', `${P}-exit`]).catch(() => {});
    await expectFiredOnce(async () => {
      const lists: unknown[][] = [];
      for (const target of [`${P}-exit`, `${P}-oom`, `${P}-sick`, `${P}-loop`])
        lists.push(
          hooksFor('/hook', target),
          hooksFor(TOPIC, target),
          mailsFor(`Target: ${target}\n`),
          await firingsOf(target),
        );
      return lists;
    }, 3000);
    await run('docker', ['rm', '-f', `${P}-loop`, `${P}-sick`]);
  });

  it('retries a receiver answering 500 with growing backoff and records the failure', async () => {
    expect(
      (
        await createRule({
          name: `fail-${RUN}`,
          kind: 'exit_nonzero',
          scope: { nameGlob: `${P}-fail` },
          channelIds: [failing.id, hook.id],
        })
      ).status,
    ).toBe(201);
    await runToExit(['--name', `${P}-fail`, TEST_IMAGE, 'sh', '-c', 'exit 2']);
    const firing = await waitFor(async () => {
      const [f] = await firingsOf(`${P}-fail`);
      return f?.deliveries.find((d) => d.channelId === failing.id)?.status === 'failed' && f;
    }, 20_000);
    expect(firing.deliveries.find((d) => d.channelId === failing.id)).toMatchObject({
      channelName: `fail-${RUN}`,
      attempts: 3,
      lastError: 'HTTP 500',
    });
    // The other channel is delivered all the same.
    expect(firing.deliveries.find((d) => d.channelId === hook.id)?.status).toBe('ok');
    const tries = hooksFor('/fail', `${P}-fail`);
    expect(tries).toHaveLength(3);
    const [a, b, c] = tries.map((t) => t.at) as [number, number, number];
    // Backoff 0.5 s then 2 s (wide margins: the machine is loaded).
    expect(b - a).toBeGreaterThanOrEqual(400);
    expect(c - b).toBeGreaterThanOrEqual(1_800);
    expect(c - b).toBeGreaterThan(b - a);
  });
});

describe('rules on stats, logs and disk usage', () => {
  const streams = async () =>
    (await api<{ engineStreams: { stats: number; logs: number } }>('/api/system/streams')).body.engineStreams;

  it('fires a CPU rule for a CPU burner, from the shared stats stream, released with the rule', async () => {
    const before = await streams();
    const rule = await createRule({
      name: `cpu-${RUN}`,
      kind: 'cpu',
      scope: { nameGlob: `${P}-cpu-*` },
      // Low: on a loaded machine (the CI runner, other suites) a busy loop may get a small share of a core.
      params: { thresholdPercent: 3, durationSeconds: 1 },
      channelIds: [hook.id],
    });
    expect(rule.status).toBe(201);
    await new Promise((r) => setTimeout(r, 500));
    await run('docker', [
      'run',
      '-d',
      '--label',
      LABEL,
      '--network',
      'none',
      '--name',
      `${P}-cpu-x`,
      TEST_IMAGE,
      'sh',
      '-c',
      'while :; do :; done',
    ]);
    // An idle container in the same scope is watched too, and does not fire.
    await run('docker', [
      'run',
      '-d',
      '--label',
      LABEL,
      '--network',
      'none',
      '--name',
      `${P}-cpu-idle`,
      TEST_IMAGE,
      'sleep',
      '600',
    ]);
    const hit = await waitFor(async () => hooksFor('/hook', `${P}-cpu-x`)[0], 30_000);
    const firing = JSON.parse(hit.body).firing;
    expect(firing).toMatchObject({ kind: 'cpu', target: `${P}-cpu-x`, details: { thresholdPercent: 3 } });
    expect(firing.details.percent).toBeGreaterThan(3);
    // One stats stream per watched container (the burner and the idle one).
    await waitFor(async () => (await streams()).stats >= before.stats + 2, 10_000);
    expect(hooksFor('/hook', `${P}-cpu-idle`)).toHaveLength(0);
    // The container stops: its stream goes; the rule goes: the other one too.
    await run('docker', ['rm', '-f', `${P}-cpu-x`]);
    await waitFor(async () => (await streams()).stats === before.stats + 1, 10_000);
    await api(`/api/alerts/rules/${rule.body.id}`, { method: 'DELETE' });
    await waitFor(async () => (await streams()).stats === before.stats, 10_000);
  });

  it('fires a memory rule for a container over X % of its limit (usage without cache)', async () => {
    expect(
      (
        await createRule({
          name: `mem-${RUN}`,
          kind: 'memory',
          scope: { nameGlob: `${P}-mem-*` },
          params: { thresholdPercent: 40, durationSeconds: 1 },
          channelIds: [hook.id],
        })
      ).status,
    ).toBe(201);
    await new Promise((r) => setTimeout(r, 500));
    // 20 MiB in a tmpfs (shared memory: not page cache that could be dropped) of a 32 MiB limit: ~62 %.
    const common = [
      'run',
      '-d',
      '--label',
      LABEL,
      '--network',
      'none',
      '--memory',
      '32m',
      '--memory-swap',
      '32m',
    ];
    await run('docker', [
      ...common,
      '--name',
      `${P}-mem-full`,
      TEST_IMAGE,
      'sh',
      '-c',
      'dd if=/dev/zero of=/dev/shm/f bs=1M count=20 && sleep 600',
    ]);
    await run('docker', [...common, '--name', `${P}-mem-low`, TEST_IMAGE, 'sleep', '600']);
    const hit = await waitFor(async () => hooksFor('/hook', `${P}-mem-full`)[0], 30_000);
    const details = JSON.parse(hit.body).firing.details;
    expect(details.limitBytes).toBe(32 * 1024 * 1024);
    expect(details.usageBytes).toBeGreaterThan(0.4 * 32 * 1024 * 1024);
    expect(details.percent).toBeGreaterThan(40);
    await new Promise((r) => setTimeout(r, 2000));
    expect(hooksFor('/hook', `${P}-mem-low`)).toHaveLength(0);
    await run('docker', ['rm', '-f', `${P}-mem-full`, `${P}-mem-low`]);
  });

  it('fires a log rule on a matching line only', async () => {
    const before = await streams();
    const rule = await createRule({
      name: `log-${RUN}`,
      kind: 'log_match',
      scope: { nameGlob: `${P}-log-*` },
      params: { pattern: 'ERROR code=\\d+' },
      cooldownSeconds: 300,
      channelIds: [hook.id, mail.id],
    });
    expect(rule.status).toBe(201);
    await new Promise((r) => setTimeout(r, 500));
    const common = ['run', '-d', '--label', LABEL, '--network', 'none'];
    await run('docker', [
      ...common,
      '--name',
      `${P}-log-bad`,
      TEST_IMAGE,
      'sh',
      '-c',
      'sleep 2; echo starting; echo "ERROR code=42 disk on fire"; echo "ERROR code=43 again"; sleep 600',
    ]);
    await run('docker', [
      ...common,
      '--name',
      `${P}-log-ok`,
      TEST_IMAGE,
      'sh',
      '-c',
      'sleep 2; echo "all fine, no ERROR here"; sleep 600',
    ]);
    const hit = await waitFor(async () => hooksFor('/hook', `${P}-log-bad`)[0], 20_000);
    expect(JSON.parse(hit.body).firing).toMatchObject({
      kind: 'log_match',
      details: { line: 'ERROR code=42 disk on fire' },
    });
    await waitFor(async () => mailsFor(`Target: ${P}-log-bad\n`).length === 1, 10_000);
    // The second matching line is inside the cool-down; the other container never matched.
    await expectFiredOnce(() => [hooksFor('/hook', `${P}-log-bad`)]);
    expect(hooksFor('/hook', `${P}-log-ok`)).toHaveLength(0);
    // One log follower per watched container, released with the rule.
    await waitFor(async () => (await streams()).logs >= before.logs + 2, 10_000);
    await api(`/api/alerts/rules/${rule.body.id}`, { method: 'DELETE' });
    await waitFor(async () => (await streams()).logs === before.logs, 10_000);
    await run('docker', ['rm', '-f', `${P}-log-bad`, `${P}-log-ok`]);
  });

  // `docker system df` walks every image, container and volume: minutes on an engine holding thousands of them.
  it('fires a disk rule when the threshold is below the current `docker system df` total', {
    timeout: 330_000,
  }, async () => {
    const rule = await createRule({
      name: `disk-${RUN}`,
      kind: 'disk',
      scope: { environments: ['local'] },
      params: { diskBytes: 1024 },
      channelIds: [hook.id],
    });
    expect(rule.status).toBe(201);
    const hit = await waitFor(async () => hooksFor('/hook', `disk-${RUN}`)[0], 300_000);
    const firing = JSON.parse(hit.body).firing;
    expect(firing).toMatchObject({ kind: 'disk', target: 'local', details: { limitBytes: 1024 } });
    expect(firing.details.totalBytes).toBeGreaterThan(1024);
    // Changing the rule measures again (the shared, cached call), inside the cool-down: no second notice.
    await api(`/api/alerts/rules/${rule.body.id}`, {
      method: 'PATCH',
      json: { params: { diskBytes: 2048 } },
    });
    await expectFiredOnce(() => [hooksFor('/hook', `disk-${RUN}`)]);
    await api(`/api/alerts/rules/${rule.body.id}`, { method: 'DELETE' });
  });
});

describe('who writes rules', () => {
  it('operators write rules for named containers with operator channels; not admins’ rules; viewers none', async () => {
    const operator = await userSession('operator', `a2-op-${RUN}`);
    const viewer = await userSession('viewer', `a2-viewer-${RUN}`);
    const as = { cookie: operator.cookie };
    const mine = await createRule(
      { name: `op-${RUN}`, kind: 'exit_nonzero', scope: { nameGlob: `${P}-op-*` }, channelIds: [mail.id] },
      as,
    );
    expect(mine.status).toBe(201);
    expect(mine.body).toMatchObject({ ownerName: operator.username, channelIds: [mail.id] });

    // Admin-only channel, no scope, only wildcards, an engine-wide kind: 403.
    const refused = [
      { name: `op2-${RUN}`, kind: 'oom', scope: { nameGlob: `${P}-op-*` }, channelIds: [hook.id] },
      { name: `op3-${RUN}`, kind: 'oom' },
      { name: `op4-${RUN}`, kind: 'oom', scope: { nameGlob: '*' } },
      { name: `op5-${RUN}`, kind: 'disk', scope: { nameGlob: `${P}-op-*` }, params: { diskBytes: 1 } },
    ];
    for (const body of refused) expect((await createRule(body, as)).status).toBe(403);
    const admins = await createRule({ name: `adm-${RUN}`, kind: 'oom', scope: { nameGlob: `${P}-adm` } });
    expect(admins.status).toBe(201);
    const patchAdmin = await api(`/api/alerts/rules/${admins.body.id}`, {
      method: 'PATCH',
      json: { enabled: false },
      as,
    });
    expect(patchAdmin.status).toBe(403);
    expect((await api(`/api/alerts/rules/${admins.body.id}`, { method: 'DELETE', as })).status).toBe(403);
    // Their own rule: edited, not widened to every container, not given an admin channel; then removed.
    expect(
      (await api(`/api/alerts/rules/${mine.body.id}`, { method: 'PATCH', json: { cooldownSeconds: 60 }, as }))
        .status,
    ).toBe(200);
    expect(
      (
        await api(`/api/alerts/rules/${mine.body.id}`, {
          method: 'PATCH',
          json: { scope: { nameGlob: '*' } },
          as,
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await api(`/api/alerts/rules/${mine.body.id}`, {
          method: 'PATCH',
          json: { channelIds: [hook.id] },
          as,
        })
      ).status,
    ).toBe(403);
    // Channels stay admins'.
    expect(
      (await api(`/api/alerts/channels/${mail.id}`, { method: 'PATCH', json: { name: 'x' }, as })).status,
    ).toBe(403);
    expect((await api(`/api/alerts/rules/${mine.body.id}`, { method: 'DELETE', as })).status).toBe(204);

    const v = { cookie: viewer.cookie };
    const body = { name: `v-${RUN}`, kind: 'oom', scope: { nameGlob: `${P}-v` } };
    expect((await createRule(body, v)).status).toBe(403);
    expect((await api(`/api/alerts/rules/${admins.body.id}`, { method: 'DELETE', as: v })).status).toBe(403);
  });
});
