import { execFile } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertChannelView, AlertFiringView, AlertRuleView, ChannelTestResult } from '@/lib/alerts/types';
import { api, type ErrorEnvelope, userSession } from '../support/api';
import { TEST_IMAGE, waitFor } from '../support/engine';
import { uniqueTag } from '../support/images';
import { removeLabelled } from '../support/labelled';
import { expectFiredOnce, type HookReceiver, startHookReceiver } from '../support/receivers';

const run = promisify(execFile);
const RUN = uniqueTag('a');
const LABEL = 'berth.test.alerts=1';
const SECRET = `hook-secret-${RUN}`;

let receiver: HookReceiver;
let base = '';
const channels: number[] = [];
const rules: number[] = [];

async function createChannel(body: Record<string, unknown>) {
  const res = await api<AlertChannelView>('/api/alerts/channels', { method: 'POST', json: body });
  if (res.status === 201) channels.push(res.body.id);
  return res;
}

async function createRule(body: Record<string, unknown>) {
  const res = await api<AlertRuleView>('/api/alerts/rules', { method: 'POST', json: body });
  if (res.status === 201) rules.push(res.body.id);
  return res;
}

/** `docker run` of a container that exits 3 at once (the CLI itself exits 3 then). */
async function exitThree(name: string): Promise<void> {
  await run('docker', [
    'run',
    '--name',
    name,
    '--label',
    LABEL,
    '--network',
    'none',
    TEST_IMAGE,
    'sh',
    '-c',
    'exit 3',
  ]).catch((err: { code?: number }) => {
    if (err.code !== 3) throw err;
  });
}

const setPrivate = (on: boolean) =>
  api('/api/settings', { method: 'PUT', json: { alerts: { allowPrivateTargets: on } } });

const firingsOf = async (target: string) =>
  (await api<AlertFiringView[]>('/api/alerts/firings?limit=500')).body.filter((f) => f.target === target);

const hooksFor = (path: string, needle: string) => receiver.hooksFor(path, needle);

let hook: AlertChannelView;
let ntfy: AlertChannelView;
let slack: AlertChannelView;
let redirecting: AlertChannelView;

beforeAll(async () => {
  receiver = await startHookReceiver((path, at) =>
    path === '/redirect' ? { status: 307, headers: { location: `${at}/hook` } } : undefined,
  );
  base = receiver.base;
});

afterAll(async () => {
  for (const id of rules) await api(`/api/alerts/rules/${id}`, { method: 'DELETE' });
  for (const id of channels) await api(`/api/alerts/channels/${id}`, { method: 'DELETE' });
  await setPrivate(false);
  await removeLabelled(LABEL);
  await receiver.close();
});

describe('alerts', () => {
  it('refuses a channel URL on a private address while the setting is off', async () => {
    expect((await setPrivate(false)).status).toBe(200);
    const res = await createChannel({
      name: `hook-${RUN}`,
      kind: 'webhook',
      url: `${base}/hook`,
      secret: SECRET,
    });
    expect(res.status).toBe(400);
    const err = (res.body as unknown as ErrorEnvelope).error;
    expect(err.fields?.[0]?.path).toBe('body.url');
    expect(err.message).toMatch(/private|loopback/);
    // Other schemes never pass.
    const file = await createChannel({ name: `file-${RUN}`, kind: 'webhook', url: 'file:///etc/passwd' });
    expect(file.status).toBe(400);
  });

  it('creates channels once private targets are allowed, keeping URLs and secrets on the server', async () => {
    expect((await setPrivate(true)).status).toBe(200);
    const created = await Promise.all([
      createChannel({ name: `hook-${RUN}`, kind: 'webhook', url: `${base}/hook`, secret: SECRET }),
      createChannel({
        name: `ntfy-${RUN}`,
        kind: 'ntfy',
        url: `${base}/ntfy`,
        options: { priority: 4, tags: ['warning'] },
      }),
      createChannel({ name: `slack-${RUN}`, kind: 'slack', url: `${base}/slack/T000/B000/token-${RUN}` }),
      createChannel({ name: `redir-${RUN}`, kind: 'webhook', url: `${base}/redirect` }),
    ]);
    for (const c of created) expect(c.status).toBe(201);
    [hook, ntfy, slack, redirecting] = created.map((c) => c.body) as [
      AlertChannelView,
      AlertChannelView,
      AlertChannelView,
      AlertChannelView,
    ];
    expect(hook).toMatchObject({ kind: 'webhook', urlOrigin: base, hasSecret: true });
    const list = await api<AlertChannelView[]>('/api/alerts/channels');
    expect(JSON.stringify(list.body)).not.toContain(SECRET);
    expect(JSON.stringify(list.body)).not.toContain(`token-${RUN}`);
  });

  it('sends a test notification through a channel', async () => {
    const res = await api<ChannelTestResult>(`/api/alerts/channels/${hook.id}/test`, { method: 'POST' });
    expect(res.body).toEqual({ ok: true, attempts: 1, error: null });
    expect(hooksFor('/hook', `channel hook-${RUN}`)).toHaveLength(1);
  });

  it('fires once for a container that exits 3: one signed webhook POST, ntfy and Slack, stored as delivered', async () => {
    const rule = await createRule({
      name: `exit-${RUN}`,
      kind: 'exit_nonzero',
      scope: { nameGlob: `alerts-${RUN}-*`, environments: '*' },
      cooldownSeconds: 300,
      channelIds: [hook.id, ntfy.id, slack.id],
    });
    expect(rule.status).toBe(201);
    // The first rule opens the events stream: give it a moment to connect (it starts from "now").
    await new Promise((r) => setTimeout(r, 1000));
    const name = `alerts-${RUN}-x`;
    await exitThree(name);

    const [post] = await waitFor(
      async () => hooksFor('/hook', name).length > 0 && hooksFor('/hook', name),
      10_000,
    );
    const expected = `sha256=${createHmac('sha256', SECRET)
      .update(post?.body ?? '')
      .digest('hex')}`;
    expect(post?.headers['x-berth-signature']).toBe(expected);
    const payload = JSON.parse(post?.body ?? '{}');
    expect(payload.firing).toMatchObject({
      kind: 'exit_nonzero',
      target: name,
      env: 'local',
      details: { exitCode: 3 },
    });
    expect(payload.rule.name).toBe(`exit-${RUN}`);

    const ntfyHit = await waitFor(async () => hooksFor('/ntfy', name)[0], 10_000);
    expect(ntfyHit.headers).toMatchObject({
      priority: '4',
      tags: 'warning',
      title: `Berth alert: exit-${RUN}`,
    });
    const slackHit = await waitFor(
      async () => receiver.hits.find((h) => h.path.startsWith('/slack/') && h.body.includes(name)),
      10_000,
    );
    expect(JSON.parse(slackHit.body).text).toContain('code 3');

    const firing = await waitFor(async () => {
      const [f] = await firingsOf(name);
      return f?.deliveries.length === 3 && f.deliveries.every((d) => d.status === 'ok') && f;
    }, 10_000);
    expect(firing).toMatchObject({ ruleName: `exit-${RUN}`, acknowledgedAt: null, details: { exitCode: 3 } });
    expect(firing.deliveries.map((d) => d.attempts)).toEqual([1, 1, 1]);

    // A second exit within the cool-down does not fire again.
    await run('docker', ['start', '-a', name]).catch(() => {});
    await expectFiredOnce(async () => [hooksFor('/hook', name), await firingsOf(name)]);
  });

  it('acknowledges a firing; viewers read firings but write no rules', async () => {
    const [firing] = await firingsOf(`alerts-${RUN}-x`);
    expect(firing).toBeDefined();
    const viewer = await userSession('viewer', `alerts-viewer-${RUN}`);
    const operator = await userSession('operator', `alerts-operator-${RUN}`);
    const seen = await api<AlertFiringView[]>('/api/alerts/firings', { as: { cookie: viewer.cookie } });
    expect(seen.status).toBe(200);
    expect(seen.body.some((f) => f.id === firing?.id)).toBe(true);
    const body = { name: `nope-${RUN}`, kind: 'oom' };
    expect(
      (await api('/api/alerts/rules', { method: 'POST', json: body, as: { cookie: viewer.cookie } })).status,
    ).toBe(403);
    expect(
      (await api('/api/alerts/rules', { method: 'POST', json: body, as: { cookie: operator.cookie } }))
        .status,
    ).toBe(403);
    expect(
      (
        await api(`/api/alerts/firings/${firing?.id}/acknowledge`, {
          method: 'POST',
          as: { cookie: viewer.cookie },
        })
      ).status,
    ).toBe(403);

    const ack = await api<AlertFiringView>(`/api/alerts/firings/${firing?.id}/acknowledge`, {
      method: 'POST',
    });
    expect(ack.status).toBe(200);
    expect(ack.body.acknowledgedBy).toBe(process.env.BERTH_ADMIN_USER ?? 'admin');
    expect(ack.body.acknowledgedAt).toBeGreaterThan(0);
    const open = await api<AlertFiringView[]>('/api/alerts/firings?unacknowledged=1&limit=500');
    expect(open.body.some((f) => f.id === firing?.id)).toBe(false);
  });

  it('counts a redirecting receiver as a failed delivery, retried and recorded', async () => {
    expect(
      (
        await createRule({
          name: `redir-${RUN}`,
          kind: 'exit_nonzero',
          scope: { nameGlob: `alerts-${RUN}r-*` },
          channelIds: [redirecting.id],
        })
      ).status,
    ).toBe(201);
    const name = `alerts-${RUN}r-x`;
    await exitThree(name);
    const firing = await waitFor(async () => {
      const [f] = await firingsOf(name);
      return f?.deliveries[0]?.status === 'failed' && f;
    }, 20_000);
    expect(firing.deliveries[0]).toMatchObject({ channelName: `redir-${RUN}`, attempts: 3 });
    expect(firing.deliveries[0]?.lastError).toMatch(/307/);
    // Three tries at the redirect, none followed to its target.
    expect(receiver.hits.filter((h) => h.path === '/redirect' && h.body.includes(name))).toHaveLength(3);
    expect(hooksFor('/hook', name)).toHaveLength(0);
  });

  it('fires for an unhealthy container and for one restarting in a loop, from the real engine', async () => {
    const unhealthy = await createRule({
      name: `unhealthy-${RUN}`,
      kind: 'unhealthy',
      scope: { nameGlob: `alerts-${RUN}h-*` },
      channelIds: [hook.id],
    });
    const looping = await createRule({
      name: `loop-${RUN}`,
      kind: 'restarting',
      scope: { label: `berth.test.alerts.run=${RUN}` },
      params: { restartCount: 2, windowMinutes: 1 },
      channelIds: [hook.id],
    });
    expect([unhealthy.status, looping.status]).toEqual([201, 201]);
    const sick = `alerts-${RUN}h-x`;
    const loop = `alerts-${RUN}l-x`;
    const common = ['run', '-d', '--label', LABEL, '--network', 'none'];
    await run('docker', [
      ...common,
      '--name',
      sick,
      '--health-cmd',
      'exit 1',
      '--health-interval',
      '1s',
      '--health-retries',
      '1',
      TEST_IMAGE,
      'sleep',
      '60',
    ]);
    await run('docker', [
      ...common,
      '--name',
      loop,
      '--label',
      `berth.test.alerts.run=${RUN}`,
      '--restart',
      'always',
      TEST_IMAGE,
      'sh',
      '-c',
      'exit 1',
    ]);
    const sickHit = await waitFor(async () => hooksFor('/hook', sick)[0], 20_000);
    expect(JSON.parse(sickHit.body).firing).toMatchObject({ kind: 'unhealthy', target: sick });
    const loopHit = await waitFor(async () => hooksFor('/hook', loop)[0], 20_000);
    expect(JSON.parse(loopHit.body).firing).toMatchObject({
      kind: 'restarting',
      target: loop,
      details: { restarts: 3 },
    });
    // The restart loop goes on, the cool-down holds: still one notice.
    await run('docker', ['rm', '-f', loop]);
    expect(hooksFor('/hook', loop)).toHaveLength(1);
  });

  it('refuses a rule naming an unknown channel, with the field', async () => {
    const res = await createRule({ name: `bad-${RUN}`, kind: 'oom', channelIds: [999_999] });
    expect(res.status).toBe(400);
    expect((res.body as unknown as ErrorEnvelope).error.fields?.[0]?.path).toBe('body.channelIds');
  });
});
