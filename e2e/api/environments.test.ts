import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry } from '@/lib/audit/types';
import type { EnvironmentCheck, EnvironmentStatus, EnvironmentView } from '@/lib/environments/types';
import { api, type ErrorEnvelope, userSession } from '../support/api';
import { TEST_IMAGE, uniqueName } from '../support/engine';
import { containerRoundTrip } from '../support/env-roundtrip';

/**
 * Environments against real extra engines: `bash scripts/test-engines.sh up 2 --tls` (scripts/test.sh starts
 * them) gives e1 (Docker 26.1, API 1.45) and e2 (Engine 20.10, API 1.41) in namespaces of their own. Without
 * them every test here fails, saying so: they are not skipped.
 */
const SUMMARY = '/run/berth-engines/engines.json';
const LABEL = 'berth.test.envs';

interface EngineSummary {
  name: string;
  socket: string;
  tcp: string;
  tlsTcp: string;
  tls: { ca: string; cert: string; key: string };
  api: string;
}

function engines(): EngineSummary[] {
  if (!fs.existsSync(SUMMARY))
    throw new Error(`${SUMMARY} is missing: run \`bash scripts/test-engines.sh up 2 --tls\` first`);
  return JSON.parse(fs.readFileSync(SUMMARY, 'utf8')) as EngineSummary[];
}
const engine = (name: string) => {
  const found = engines().find((e) => e.name === name);
  if (!found) throw new Error(`engine ${name} is not in ${SUMMARY}`);
  return found;
};

// Ids unique to this run: another run's leftovers (or the UI helper's) never collide.
const run = Date.now().toString(36).slice(-5);
const ID = {
  tls: `t-e1-${run}`,
  plain: `t-e2-${run}`,
  unix: `t-e2s-${run}`,
  dead: `t-dead-${run}`,
};

/** A client of the extra engine, straight from the test (not through Berth). */
function direct(name: string): Docker {
  return new Docker({ socketPath: engine(name).socket.slice('unix://'.length) });
}

function tlsFiles(name: string) {
  const { tls } = engine(name);
  return {
    ca: fs.readFileSync(tls.ca, 'utf8'),
    cert: fs.readFileSync(tls.cert, 'utf8'),
    key: fs.readFileSync(tls.key, 'utf8'),
  };
}

async function removeLabelledOn(client: Docker): Promise<void> {
  const containers = await client.listContainers({
    all: true,
    filters: JSON.stringify({ label: [`${LABEL}=1`] }),
  });
  await Promise.allSettled(containers.map((c) => client.getContainer(c.Id).remove({ force: true })));
}

async function removeOurEnvironments(): Promise<void> {
  const list = await api<EnvironmentView[]>('/api/environments');
  if (list.status !== 200) return;
  await Promise.all(
    list.body
      .filter((e) => e.id.endsWith(`-${run}`))
      .map((e) => api(`/api/environments/${e.id}`, { method: 'DELETE' })),
  );
}

async function addCheck(env: string): Promise<EnvironmentCheck> {
  return (await api<EnvironmentCheck>(`/api/environments/${env}/check`, { method: 'POST' })).body;
}

async function addEnvironment(json: Record<string, unknown>) {
  return api<EnvironmentView & ErrorEnvelope & { error: { check?: EnvironmentCheck } }>('/api/environments', {
    method: 'POST',
    json,
  });
}

beforeAll(async () => {
  engines(); // fails here, clearly, without the engines
  await Promise.all([removeLabelledOn(direct('e1')), removeLabelledOn(direct('e2'))]);
});

afterAll(async () => {
  await removeOurEnvironments();
  await Promise.allSettled([removeLabelledOn(direct('e1')), removeLabelledOn(direct('e2'))]);
});

describe('environments: adding engines', () => {
  it('adds e1 over TLS with its certificates, checked on save; the view never carries them', async () => {
    const res = await addEnvironment({
      id: ID.tls,
      name: 'e1 over TLS',
      address: engine('e1').tlsTcp,
      tls: tlsFiles('e1'),
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ id: ID.tls, kind: 'tcp', tls: true, builtIn: false });
    expect(JSON.stringify(res.body)).not.toContain('PRIVATE KEY');
    const list = await api<EnvironmentView[]>('/api/environments');
    expect(list.body[0]).toMatchObject({ id: 'local', builtIn: true });
    expect(list.body.map((e) => e.id)).toContain(ID.tls);
  });

  it('adds e2 over plain TCP and over its unix socket', async () => {
    const plain = await addEnvironment({ id: ID.plain, name: 'e2 plain', address: engine('e2').tcp });
    expect(plain.status, JSON.stringify(plain.body)).toBe(201);
    const unix = await addEnvironment({ id: ID.unix, name: 'e2 socket', address: engine('e2').socket });
    expect(unix.status, JSON.stringify(unix.body)).toBe(201);
    expect(unix.body.kind).toBe('unix');
  });

  it('refuses a wrong CA (tls), a closed port (refused) and a plain request to the TLS port (tls), saving nothing', async () => {
    const other = tlsFiles('e1');
    // A CA that did not sign the engine's certificate: the client certificate stands in for one.
    const badCa = await addEnvironment({
      id: `t-bad-${run}`,
      name: 'bad',
      address: engine('e1').tlsTcp,
      tls: { ...other, ca: other.cert },
    });
    expect(badCa.status, JSON.stringify(badCa.body)).toBe(400);
    expect(badCa.body.error.code).toBe('environment_check');
    expect(badCa.body.error.check?.problem).toBe('tls');

    const closed = await addEnvironment({ id: `t-bad-${run}`, name: 'bad', address: 'tcp://127.0.0.1:1' });
    expect(closed.status).toBe(400);
    expect(closed.body.error.check?.problem).toBe('refused');
    expect(closed.body.error.message).toContain('127.0.0.1:1');

    const noTls = await addEnvironment({ id: `t-bad-${run}`, name: 'bad', address: engine('e1').tlsTcp });
    expect(noTls.status).toBe(400);
    expect(noTls.body.error.check?.problem).toBe('tls');

    expect((await api(`/api/environments/t-bad-${run}`)).status).toBe(404);
  });

  it('checks a typed connection and a saved one', async () => {
    const typed = await api<EnvironmentCheck>('/api/environments/check', {
      method: 'POST',
      json: { address: engine('e2').tcp },
    });
    expect(typed.status).toBe(200);
    expect(typed.body).toMatchObject({ ok: true, apiVersion: '1.41', problem: null });
    const saved = await api<EnvironmentCheck>(`/api/environments/${ID.tls}/check`, { method: 'POST' });
    expect(saved.body).toMatchObject({ ok: true, apiVersion: '1.45' });
  });

  it('a viewer lists environments but cannot add one', async () => {
    const viewer = await userSession('viewer', 'test-envs-viewer');
    const list = await api<EnvironmentView[]>('/api/environments', { as: { cookie: viewer.cookie } });
    expect(list.status).toBe(200);
    const refused = await api('/api/environments', {
      method: 'POST',
      as: { cookie: viewer.cookie },
      json: { id: `t-v-${run}`, name: 'v', address: engine('e2').tcp },
    });
    expect(refused.status).toBe(403);
    const typed = await api('/api/environments/check', {
      method: 'POST',
      as: { cookie: viewer.cookie },
      json: { address: engine('e2').tcp },
    });
    expect(typed.status).toBe(403);
  });
});

describe('environments: engine routes per environment', () => {
  it('lists the containers of each engine under its own environment only', async () => {
    const name = uniqueName('envs-e1-only');
    const made = await direct('e1').createContainer({
      Image: TEST_IMAGE,
      name,
      Cmd: ['sleep', '3600'],
      Labels: { [LABEL]: '1' },
    });
    const names = async (prefix: string) => {
      const res = await api<{ id: string; name: string }[]>(`${prefix}/containers?all=1`);
      expect(res.status, `${prefix}: ${JSON.stringify(res.body)}`).toBe(200);
      return res.body.map((c) => c.name);
    };
    expect(await names(`/api/environments/${ID.tls}`)).toContain(name);
    expect(await names(`/api/environments/${ID.plain}`)).not.toContain(name);
    expect(await names(`/api/environments/${ID.unix}`)).not.toContain(name);
    expect(await names('/api')).not.toContain(name);
    expect(await names('/api/environments/local')).not.toContain(name);
    await made.remove({ force: true });
    // The per-environment list cache sees the change on its own engine.
    expect(await names(`/api/environments/${ID.tls}`)).not.toContain(name);
  });

  it('creates, starts and removes a container on e1 through Berth', async () => {
    const name = uniqueName('envs-made');
    const created = await api<{ id: string; started: boolean }>(`/api/environments/${ID.tls}/containers`, {
      method: 'POST',
      json: { image: TEST_IMAGE, name, command: ['sleep', '3600'], labels: [`${LABEL}=1`] },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.started).toBe(true);
    const onEngine = await direct('e1').getContainer(created.body.id).inspect();
    expect(onEngine.State.Running).toBe(true);
    expect(onEngine.Name).toBe(`/${name}`);
    // Not on the main engine.
    const local = await api(`/api/containers/${created.body.id}`);
    expect(local.status).toBe(404);

    const removed = await api(`/api/environments/${ID.tls}/containers/${created.body.id}?force=1`, {
      method: 'DELETE',
    });
    expect(removed.status, JSON.stringify(removed.body)).toBe(204);
    await expect(direct('e1').getContainer(created.body.id).inspect()).rejects.toMatchObject({
      statusCode: 404,
    });

    // The audit log names the engine of each action.
    const audit = await api<AuditEntry[]>(`/api/audit?target=${name}`);
    const create = audit.body.find((e) => e.action === 'container.create');
    expect(create, JSON.stringify(audit.body)).toBeDefined();
    expect(create?.env).toBe(ID.tls);
    expect(create?.command ?? '').toMatch(new RegExp(`^docker --context ${ID.tls} `));
  });

  it('the status of every environment: both engines reachable with their API versions', async () => {
    const res = await api<EnvironmentStatus[]>('/api/environments/status');
    expect(res.status).toBe(200);
    const byId = new Map(res.body.map((s) => [s.id, s]));
    expect(byId.get('local')?.reachable).toBe(true);
    expect(byId.get(ID.tls)).toMatchObject({ reachable: true, apiVersion: '1.45', problem: null });
    expect(byId.get(ID.plain)).toMatchObject({ reachable: true, apiVersion: '1.41' });
    expect(byId.get(ID.unix)?.containers).toMatchObject({ running: expect.any(Number) });
  });

  it('an unreachable environment answers 503 for its own routes only', async () => {
    // A change to an address where nothing listens is checked and refused.
    const refused = await api<ErrorEnvelope>(`/api/environments/${ID.plain}`, {
      method: 'PATCH',
      json: { address: 'tcp://127.0.0.1:1' },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe('environment_check');

    // An engine that goes away after it was saved: e2 behind a TCP relay of the test's own, then the relay stops.
    const sockets = new Set<net.Socket>();
    const relay = net.createServer((client) => {
      const upstream = net.connect(engine('e2').socket.slice('unix://'.length));
      sockets.add(client).add(upstream);
      client.pipe(upstream).pipe(client);
      const end = () => {
        client.destroy();
        upstream.destroy();
      };
      client.on('error', end).on('close', end);
      upstream.on('error', end).on('close', end);
    });
    await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
    const port = (relay.address() as net.AddressInfo).port;
    const dead = await addEnvironment({
      id: ID.dead,
      name: 'going away',
      address: `tcp://127.0.0.1:${port}`,
    });
    expect(dead.status, JSON.stringify(dead.body)).toBe(201);
    expect((await api(`/api/environments/${ID.dead}/containers`)).status).toBe(200);
    await new Promise<void>((resolve) => {
      relay.close(() => resolve());
      for (const socket of sockets) socket.destroy();
    });

    const gone = await api<ErrorEnvelope>(`/api/environments/${ID.dead}/containers?all=1`);
    expect(gone.status, JSON.stringify(gone.body)).toBe(503);
    expect(gone.body.error.code).toBe('engine_unreachable');
    expect(gone.body.error.message).toContain(`127.0.0.1:${port}`);
    expect((await api(`/api/environments/${ID.dead}/images`)).status).toBe(503);
    // Everyone else answers.
    expect((await api('/api/containers?all=1')).status).toBe(200);
    expect((await api(`/api/environments/${ID.tls}/containers?all=1`)).status).toBe(200);
    const status = await api<EnvironmentStatus[]>('/api/environments/status');
    const mine = status.body.find((s) => s.id === ID.dead);
    expect(mine).toMatchObject({ reachable: false, problem: 'refused' });
    expect(status.body.find((s) => s.id === ID.tls)?.reachable).toBe(true);
  });

  it('unknown environments are 404 with the envelope; their own routes are not rewritten', async () => {
    const res = await api<ErrorEnvelope>('/api/environments/no-such-env/containers');
    expect(res.status).toBe(404);
    expect(res.body.error).toMatchObject({ code: 'not_found', status: 404 });
    expect((await api(`/api/environments/${ID.tls}`)).status).toBe(200);
    expect((await api('/api/environments/no-such-env')).status).toBe(404);
    expect((await api('/api/environments/local/stacks')).status).toBe(200);
    // Answered outside Next.js, still on the environment's engine.
    const health = await api<{ engine: { version: string } }>(`/api/environments/${ID.tls}/health`);
    expect(health.body.engine.version).toMatch(/^26\./);
  });

  it('runs a Compose stack on the environment engine (over TLS), apart from a local stack of the same name', async () => {
    const name = `envstack-${run}`;
    const compose = (word: string) =>
      [
        'services:',
        '  app:',
        `    image: ${TEST_IMAGE}`,
        `    command: ["sh", "-c", "echo ${word}; sleep 3600"]`,
        '    init: true',
        '    network_mode: none',
        '    labels:',
        `      ${LABEL}: "1"`,
        '',
      ].join('\n');
    const project = (client: Docker) =>
      client.listContainers({ all: true, filters: { label: [`com.docker.compose.project=${name}`] } });
    try {
      const made = await api<ErrorEnvelope>(`/api/environments/${ID.tls}/stacks`, {
        method: 'POST',
        json: { name, compose: compose('on-e1') },
      });
      expect(made.status, JSON.stringify(made.body)).toBe(201);
      const remote = await project(direct('e1'));
      expect(remote.map((c) => c.State)).toEqual(['running']);
      expect(await project(new Docker())).toEqual([]);
      // The same name on the local engine is another stack, with its own files and versions.
      const local = await api('/api/stacks', {
        method: 'POST',
        json: { name, compose: compose('on-local'), deploy: false },
      });
      expect(local.status, JSON.stringify(local.body)).toBe(201);
      const there = await api<{ compose: string; versions?: unknown[] }>(
        `/api/environments/${ID.tls}/stacks/${name}`,
      );
      expect(there.status).toBe(200);
      expect(JSON.stringify(there.body)).toContain('on-e1');
      expect(JSON.stringify(there.body)).not.toContain('on-local');
      const listed = await api<{ name: string }[]>(`/api/environments/${ID.tls}/stacks`);
      expect(listed.body.map((s) => s.name)).toContain(name);
      // Taken down there; the local one (never deployed) is untouched.
      const down = await api(`/api/environments/${ID.tls}/stacks/${name}`, { method: 'DELETE' });
      expect(down.status, JSON.stringify(down.body)).toBeLessThan(300);
      expect(await project(direct('e1'))).toEqual([]);
      expect((await api(`/api/stacks/${name}`)).status).toBe(200);
      const audit = await api<AuditEntry[]>(`/api/audit?target=${name}`);
      const removal = audit.body.find((e) => e.action === 'stack.remove' && e.env === ID.tls);
      expect(removal?.command, JSON.stringify(audit.body)).toMatch(
        new RegExp(`^docker --context ${ID.tls} compose`),
      );
    } finally {
      await api(`/api/stacks/${name}`, { method: 'DELETE' });
      await api(`/api/environments/${ID.tls}/stacks/${name}`, { method: 'DELETE' });
    }
  });

  it('runs a container on each engine, streams its logs and opens an exec: TLS on API 1.45 and on 1.41, plain TCP on 1.41', async () => {
    const e2Tls = `t-e2t-${run}`;
    const added = await addEnvironment({
      id: e2Tls,
      name: 'e2 over TLS',
      address: engine('e2').tlsTcp,
      tls: tlsFiles('e2'),
    });
    expect(added.status, JSON.stringify(added.body)).toBe(201);
    try {
      for (const [env, api] of [
        [ID.tls, '1.45'],
        [e2Tls, '1.41'],
        [ID.plain, '1.41'],
      ] as const) {
        const check = await addCheck(env);
        expect(check.apiVersion, env).toBe(api);
        await containerRoundTrip(env, uniqueName(`rt-${env}`), LABEL);
      }
    } finally {
      await api(`/api/environments/${e2Tls}`, { method: 'DELETE' });
    }
  }, 120_000);

  it('removes an environment: its routes are then unknown', async () => {
    expect((await api(`/api/environments/${ID.unix}`, { method: 'DELETE' })).status).toBe(204);
    expect((await api(`/api/environments/${ID.unix}/containers`)).status).toBe(404);
    expect((await api('/api/environments/local', { method: 'DELETE' })).status).toBe(400);
  });
});

/**
 * SSH: Debian's sshd in e1's namespace (port 2222), whose sessions get DOCKER_HOST=e1's socket, so that
 * `docker system dial-stdio` (what docker-modem runs over SSH) reaches e1. Needs openssh-server installed.
 */
const SSHD = '/usr/sbin/sshd';
describe('environments over SSH (openssh-server, installed by scripts/test-engines.sh)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-envs-ssh-'));
  const key = (name: string, passphrase: string) => {
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', passphrase, '-f', path.join(dir, name)]);
    return fs.readFileSync(path.join(dir, name), 'utf8');
  };
  const id = `t-ssh-${run}`;
  let sshd: ChildProcess | null = null;
  let clientKey = '';
  let wrongKey = '';
  // e1's namespace address, where its engine listens on TCP too.
  const e1Host = () => new URL(engine('e1').tcp.replace(/^tcp:/, 'http:')).hostname;
  const sshAddress = () => `ssh://root@${e1Host()}:2222`;

  beforeAll(async () => {
    key('host_key', '');
    clientKey = key('client_key', 'berth-pass-7');
    wrongKey = key('wrong_key', '');
    fs.copyFileSync(path.join(dir, 'client_key.pub'), path.join(dir, 'authorized_keys'));
    const host = e1Host();
    fs.writeFileSync(
      path.join(dir, 'sshd_config'),
      [
        'Port 2222',
        `ListenAddress ${host}`,
        `HostKey ${dir}/host_key`,
        `PidFile ${dir}/sshd.pid`,
        `AuthorizedKeysFile ${dir}/authorized_keys`,
        'PermitRootLogin prohibit-password',
        'PasswordAuthentication no',
        'KbdInteractiveAuthentication no',
        'UsePAM no',
        'StrictModes no',
        `SetEnv DOCKER_HOST=${engine('e1').socket}`,
      ].join('\n'),
    );
    fs.mkdirSync('/run/sshd', { recursive: true }); // sshd's privilege separation directory
    sshd = spawn(
      'nsenter',
      ['--net=/var/run/netns/berth-e1', SSHD, '-D', '-f', `${dir}/sshd_config`, '-E', `${dir}/sshd.log`],
      {
        stdio: 'ignore',
      },
    );
    // Listening once a TCP connection is accepted.
    for (let i = 0; i < 50; i++) {
      const up = await new Promise<boolean>((resolve) => {
        const socket = net.connect(2222, host, () => {
          socket.destroy();
          resolve(true);
        });
        socket.on('error', () => resolve(false));
      });
      if (up) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`sshd did not start: ${fs.readFileSync(`${dir}/sshd.log`, 'utf8')}`);
  });

  afterAll(() => {
    sshd?.kill();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('adds e1 over SSH with a key and its passphrase, and reaches its containers', async () => {
    const res = await addEnvironment({
      id,
      name: 'e1 over SSH',
      address: sshAddress(),
      sshKey: clientKey,
      sshPassphrase: 'berth-pass-7',
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ kind: 'ssh', hasSshKey: true, tls: false });
    expect(JSON.stringify(res.body)).not.toContain('PRIVATE KEY');
    const check = await api<EnvironmentCheck>(`/api/environments/${id}/check`, { method: 'POST' });
    expect(check.body).toMatchObject({ ok: true, apiVersion: '1.45' });
    const list = await api<unknown[]>(`/api/environments/${id}/containers?all=1`);
    expect(list.status, JSON.stringify(list.body)).toBe(200);
    expect(Array.isArray(list.body)).toBe(true);
  });

  it('runs a container over SSH, streams its logs and opens an exec', async () => {
    await containerRoundTrip(id, uniqueName('rt-ssh'), LABEL);
  }, 120_000);

  it('a key the server does not know, or a missing passphrase, is an auth problem', async () => {
    const wrong = await api<EnvironmentCheck>('/api/environments/check', {
      method: 'POST',
      json: { address: sshAddress(), sshKey: wrongKey },
    });
    expect(wrong.body).toMatchObject({ ok: false, problem: 'auth' });
    const noPassphrase = await api<EnvironmentCheck>('/api/environments/check', {
      method: 'POST',
      json: { address: sshAddress(), sshKey: clientKey },
    });
    expect(noPassphrase.body).toMatchObject({ ok: false, problem: 'auth' });
  });
});
