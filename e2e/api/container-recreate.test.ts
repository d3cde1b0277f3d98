import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { AuditEntry } from '@/lib/audit/types';
import type { ContainerFormInput } from '@/lib/containers/form';
import type { ContainerSettings, CreatedContainer, RecreateResult } from '@/lib/containers/types';
import { api, type ErrorEnvelope, userSession } from '../support/api';
import { DOCKER_RUN_CORPUS } from '../support/docker-run-corpus';
import { engine, freePort, TEST_IMAGE, waitFor } from '../support/engine';
import { pushWithEngine, REGISTRY, removeImageQuietly, tarOf } from '../support/images';
import { removeLabelled } from '../support/labelled';
import { asCreate, comparable, differences, inspect, runInShell } from '../support/oracle';

/**
 * Change what runs (issue 15), against the real engine with the real docker CLI as the oracle: a container's
 * settings read back into the create form make the same container again (the whole `docker run` corpus), and a
 * recreate keeps the name, the data and the settings, or puts the old container back when anything fails.
 *
 * Everything carries `berth.test.recreate=1` and is removed by that label only (other helpers' tests run at the
 * same time). The base image overrides the test image's `berth.test=1` label with 0, so another suite's clean-up
 * of `berth.test=1` cannot take these containers away mid-test.
 */

const RUN = Date.now().toString(36);
const LABEL = 'berth.test.recreate=1';
const NETWORK = `berth-recreate-net-${RUN}`;
const SUBNET = '10.231.77.0/24';
const PEER = `berth-recreate-peer-${RUN}`;
const BASE = `berth-recreate/base:${RUN}`;
const PULLED = `${REGISTRY}/berth-recreate-test:1`;
const UNPUSHED = `${REGISTRY}/berth-recreate-unpushed:${RUN}`;
const images: string[] = [BASE, PULLED, UNPUSHED];
const volumes = new Set<string>();

interface State {
  Running: boolean;
  Restarting: boolean;
}
type Inspected = Awaited<ReturnType<typeof inspect>> & { Image: string; State: State };
const inspectFull = async (idOrName: string) => (await inspect(idOrName)) as Inspected;

async function build(tag: string, lines: string[]): Promise<string> {
  const context = await tarOf({ Dockerfile: [`FROM ${TEST_IMAGE}`, ...lines].join('\n') });
  const stream = await engine.buildImage(Readable.from([Buffer.from(context)]), {
    t: tag,
    rm: true,
    forcerm: true,
  });
  let out = '';
  for await (const chunk of stream) out += chunk.toString();
  if (/"error"/.test(out)) throw new Error(out);
  return (await engine.getImage(tag).inspect()).Id;
}

async function gone(idOrName: string): Promise<boolean> {
  return engine
    .getContainer(idOrName)
    .inspect()
    .then(
      () => false,
      (err: { statusCode?: number }) => err.statusCode === 404,
    );
}

async function leftAside(): Promise<string[]> {
  const list = await engine.listContainers({ all: true, filters: { label: [LABEL] } });
  return list.flatMap((c) => c.Names).filter((name) => name.includes('-berth-old-'));
}

async function exec(id: string, cmd: string[]): Promise<string> {
  const run = await engine.getContainer(id).exec({ Cmd: cmd, AttachStdout: true, AttachStderr: true });
  const stream = await run.start({});
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  // Without a TTY the engine frames each write: 8 bytes of header (stream, size), then the bytes.
  const all = Buffer.concat(chunks);
  let out = '';
  for (let at = 0; at + 8 <= all.length; ) {
    const size = all.readUInt32BE(at + 4);
    out += all.toString('utf8', at + 8, at + 8 + size);
    at += 8 + size;
  }
  return out.trim();
}

const settingsOf = (id: string, as?: { cookie: string }) =>
  api<ContainerSettings & ErrorEnvelope>(`/api/containers/${id}/settings`, as ? { as } : {});
const recreate = (id: string, json: { form?: ContainerFormInput; pull?: boolean }, as?: { cookie: string }) =>
  api<RecreateResult & ErrorEnvelope>(`/api/containers/${id}/recreate`, {
    method: 'POST',
    json,
    ...(as ? { as } : {}),
  });

/** A running container made by the real CLI, labelled; the line's options go before the image. */
async function cliRun(name: string, options: string, command = 'sleep 3600'): Promise<string> {
  // --init: `sleep` as PID 1 ignores SIGTERM, and every stop would wait 10 s for the kill.
  const result = await runInShell(
    `docker run -d --init --name ${name} --label ${LABEL} ${options} ${BASE} ${command}`,
  );
  expect(result.code, result.stderr).toBe(0);
  return result.stdout.trim();
}

beforeAll(async () => {
  await cleanUp();
  await build(BASE, ['LABEL berth.test=0 berth.test.recreate=1']);
  await engine.createNetwork({
    Name: NETWORK,
    Labels: { 'berth.test.recreate': '1' },
    IPAM: { Config: [{ Subnet: SUBNET }] },
  });
  await engine.createContainer({ name: PEER, Image: BASE, Cmd: ['sleep', '3600'], Volumes: { '/data': {} } });
}, 120_000);

async function cleanUp() {
  await removeLabelled(LABEL);
  for (const volume of volumes)
    await engine
      .getVolume(volume)
      .remove()
      .catch(() => {});
}

afterAll(async () => {
  await cleanUp();
  for (const image of images) await removeImageQuietly(image);
}, 120_000);

// ------------------------------------------------------------------------------------------ round trip

/**
 * The corpus line made by the CLI on this suite's own network, peer, subnet, volume names and base image, so
 * it never meets the oracle suite's fixtures (which may run at the same time).
 */
function ownLine(index: number, side: string): string {
  const entry = DOCKER_RUN_CORPUS[index];
  if (!entry) throw new Error(`no corpus line ${index}`);
  return asCreate(entry, `rc-${RUN}-${index}-${side}`)
    .replaceAll('berth.test.oracle=1', LABEL)
    .replaceAll('berth-oracle-net', NETWORK)
    .replaceAll('berth-oracle-peer', PEER)
    .replaceAll('10.231.57.', '10.231.77.')
    .replaceAll('oracle-', `recreate-${RUN}-`)
    .replace(` ${TEST_IMAGE}`, ` ${BASE}`);
}

describe('settings read back make the same container (duplicate), for every line of the docker run corpus', () => {
  /*
   * Both containers are only created (the corpus has privileged and host-network lines), so what a duplicate
   * must change when it runs beside the original (a fixed IP or MAC address, a host port) never collides here:
   * the inspects must agree everywhere but the name. Named volumes the corpus makes are shared by both.
   */
  it.each(DOCKER_RUN_CORPUS.map((entry, index) => [index, entry.line] as const))(
    '#%i %s',
    async (index) => {
      const cliName = `rc-${RUN}-${index}-cli`;
      const line = ownLine(index, 'cli');
      const cli = await runInShell(line);
      expect(cli.code, `${line}\n${cli.stderr}`).toBe(0);
      const original = await inspectFull(cliName);
      for (const mount of (original as unknown as { Mounts: { Name?: string }[] }).Mounts)
        if (mount.Name?.startsWith('recreate-')) volumes.add(mount.Name);

      const settings = await settingsOf(cliName);
      expect(settings.status, JSON.stringify(settings.body)).toBe(200);
      expect(settings.body).toMatchObject({
        id: original.Id,
        name: cliName,
        image: BASE,
        imageId: original.Image,
        running: false,
      });
      expect(settings.body.form.start).toBe(false);

      const dupName = `rc-${RUN}-${index}-dup`;
      const made = await api<CreatedContainer & ErrorEnvelope>('/api/containers', {
        method: 'POST',
        json: { ...settings.body.form, name: dupName },
      });
      expect(made.status, `${JSON.stringify(settings.body.form)}\n${JSON.stringify(made.body)}`).toBe(201);
      expect(differences(comparable(original), comparable(await inspect(dupName)))).toEqual([]);

      for (const name of [cliName, dupName]) await engine.getContainer(name).remove({ force: true, v: true });
    },
    60_000,
  );
});

// ------------------------------------------------------------------------------------------------ edit

describe('POST /api/containers/{id}/recreate', () => {
  it('recreates with a changed variable and memory: same name, new id, settings and data kept, running', async () => {
    const name = `rc-${RUN}-edit`;
    const named = `recreate-${RUN}-named`;
    volumes.add(named);
    const port = await freePort();
    const oldId = await cliRun(
      name,
      `-v ${named}:/named -v /anon -e KEEP=1 -e CHANGE=old -p 127.0.0.1:${port}:80 --restart unless-stopped -l tier=web`,
    );
    await exec(oldId, ['sh', '-c', 'echo anonymous-data > /anon/file && echo named-data > /named/file']);
    const before = await inspectFull(oldId);
    const anonymous = (before as unknown as { Mounts: { Name: string; Destination: string }[] }).Mounts.find(
      (m) => m.Destination === '/anon',
    )?.Name;
    expect(anonymous).toMatch(/^[0-9a-f]{64}$/);
    // Mounted by name once carried over, it outlives `docker rm -v`: removed by name at the end.
    if (anonymous) volumes.add(anonymous);

    const settings = await settingsOf(name);
    expect(settings.status).toBe(200);
    const form = settings.body.form;
    // The engine may hand the variables back in Go-map order (seen once in CI): the set is what must survive.
    expect([...(form.env ?? [])].sort()).toEqual(['CHANGE=old', 'KEEP=1']);
    expect(form).toMatchObject({
      start: true,
      ports: [`127.0.0.1:${port}:80`],
      restart: 'unless-stopped',
      volumes: [`${named}:/named`, '/anon'],
      command: ['sleep', '3600'],
    });
    const edited = { ...form, env: ['KEEP=1', 'CHANGE=new'], memory: '64m' };

    const res = await recreate(name, { form: edited });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ name, previousId: oldId, started: true, imageId: before.Image });
    expect(res.body.id).not.toBe(oldId);
    expect(res.body.commands).toEqual([
      `docker stop ${name}`,
      `docker rename ${name} ${name}-berth-old-${oldId.slice(0, 12)}`,
      expect.stringMatching(
        new RegExp(`^docker run -d --name ${name} .*-v ${anonymous}:/anon .*--memory 64m`),
      ),
      `docker rm ${name}-berth-old-${oldId.slice(0, 12)}`,
    ]);
    expect(res.body.warnings.join(' ')).toContain(`${anonymous?.slice(0, 12)} at /anon is kept`);

    expect(await gone(oldId)).toBe(true);
    const after = await inspectFull(name);
    expect(after.Id).toBe(res.body.id);
    expect(after.State.Running).toBe(true);
    // Field for field the same, but for the change and the anonymous volume now mounted by its name.
    const changed = differences(comparable(before), comparable(after)).map((d) => d.split(':')[0] ?? d);
    expect(changed).toContain('Config.Env');
    expect(changed).toContain('HostConfig.Memory');
    const allowed = [
      'Config.Env',
      'Config.Volumes',
      'HostConfig.Binds',
      'HostConfig.Memory',
      'HostConfig.MemorySwap',
    ];
    expect(changed.filter((field) => !allowed.includes(field))).toEqual([]);
    const again = await settingsOf(name);
    expect(again.body.form).toEqual({ ...edited, volumes: [`${named}:/named`, `${anonymous}:/anon`] });
    expect(await exec(after.Id, ['cat', '/anon/file', '/named/file'])).toBe('anonymous-data\nnamed-data');
    expect((await engine.getVolume(named).inspect()).Name).toBe(named);

    const audit = await api<AuditEntry[]>(`/api/audit?action=container.recreate&target=${name}`);
    expect(audit.body[0]).toMatchObject({
      action: 'container.recreate',
      result: 'ok',
      command: res.body.commands.join(' && '),
    });
  });

  it('recreates without a form from its own settings, keeping the other networks it is connected to', async () => {
    const name = `rc-${RUN}-own`;
    const oldId = await cliRun(name, `--network ${NETWORK} --network-alias own-alias -e A=1`);
    await engine.getNetwork('bridge').connect({ Container: oldId });
    const res = await recreate(name, {});
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const after = await inspectFull(name);
    expect(after.Id).not.toBe(oldId);
    expect(after.State.Running).toBe(true);
    expect(Object.keys(after.NetworkSettings.Networks ?? {}).sort()).toEqual(['bridge', NETWORK].sort());
    expect(after.NetworkSettings.Networks?.[NETWORK]?.Aliases).toContain('own-alias');
    expect(res.body.commands).toContain(`docker network connect bridge ${name}`);
  });

  // ------------------------------------------------------------------------------------------ rollback

  it.each([
    ['a command that does not exist', { command: ['/no/such/binary'] }],
    ['a command that exits at once', { command: ['true'] }],
  ])('puts the old container back when the new one fails to run: %s', async (_what, change) => {
    const name = `rc-${RUN}-fail-${Math.random().toString(36).slice(2, 6)}`;
    const oldId = await cliRun(name, '-e A=1 -v /keep');
    await exec(oldId, ['sh', '-c', 'echo still-here > /keep/file']);
    const { body } = await settingsOf(name);
    const res = await recreate(name, { form: { ...body.form, ...change } });
    expect(res.status, JSON.stringify(res.body)).toBeGreaterThanOrEqual(400);
    expect(res.body.error.message).toContain('the old container was restored');
    const after = await inspectFull(name);
    expect(after.Id).toBe(oldId);
    expect(after.State.Running).toBe(true);
    // Its anonymous volume, which the failed new container mounted by name, is still its own, with its data.
    expect(await exec(oldId, ['cat', '/keep/file'])).toBe('still-here');
    expect(await leftAside()).toEqual([]);
    const audit = await api<AuditEntry[]>(`/api/audit?action=container.recreate&target=${name}`);
    expect(audit.body[0]).toMatchObject({ result: 'error' });
    expect(audit.body[0]?.command).toContain(`docker rename ${name} `);
  });

  it('puts the old container back when the new one cannot bind its port (taken by another container)', async () => {
    const port = await freePort();
    await cliRun(`rc-${RUN}-holder`, `-p 127.0.0.1:${port}:80`);
    const name = `rc-${RUN}-port`;
    const oldId = await cliRun(name, '');
    const { body } = await settingsOf(name);
    const res = await recreate(name, { form: { ...body.form, ports: [`127.0.0.1:${port}:80`] } });
    expect(res.status, JSON.stringify(res.body)).toBeGreaterThanOrEqual(400);
    expect(res.body.error.message).toMatch(/already allocated|address already in use/);
    expect(res.body.error.message).toContain('the old container was restored');
    const after = await inspectFull(name);
    expect(after.Id).toBe(oldId);
    expect(after.State.Running).toBe(true);
    expect(await leftAside()).toEqual([]);
  });

  it('refuses a form naming another container (that is a duplicate), and a second recreate at the same time', async () => {
    const name = `rc-${RUN}-guard`;
    const oldId = await cliRun(name, '');
    const { body } = await settingsOf(name);
    const renamed = await recreate(name, { form: { ...body.form, name: `${name}-other` } });
    expect(renamed.status).toBe(400);
    expect(renamed.body.error.fields?.map((f) => f.path)).toContain('body.form.name');
    expect((await inspectFull(name)).Id).toBe(oldId);

    const [first, second] = await Promise.all([recreate(name, {}), recreate(name, {})]);
    expect([first.status, second.status].sort()).toEqual([200, 409]);
    expect((await inspectFull(name)).State.Running).toBe(true);
    expect(await leftAside()).toEqual([]);
  });

  // ------------------------------------------------------------------------------------------- policy

  it('puts the new body through the security policy for an operator: 403, nothing changed', async () => {
    const operator = await userSession('operator', `recreate-operator-${RUN}`);
    const name = `rc-${RUN}-policy`;
    const oldId = await cliRun(name, '');
    const { body } = await settingsOf(name, operator);
    const res = await recreate(name, { form: { ...body.form, privileged: true } }, operator);
    expect(res.status, JSON.stringify(res.body)).toBe(403);
    expect(res.body.error.code).toBe('policy');
    const after = await inspectFull(name);
    expect(after.Id).toBe(oldId);
    expect(after.State.Running).toBe(true);
    expect(after.HostConfig.Privileged).toBe(false);
    const audit = await api<AuditEntry[]>(`/api/audit?action=container.recreate&target=${name}`);
    expect(audit.body[0]).toMatchObject({ result: 'error' });
    expect(audit.body[0]?.command).toContain('--privileged');
    // The same operator may recreate what the policy allows.
    const allowed = await recreate(name, { form: body.form }, operator);
    expect(allowed.status, JSON.stringify(allowed.body)).toBe(200);
  });

  it('refuses a viewer both the settings (they show environment values) and a recreate', async () => {
    const viewer = await userSession('viewer', `recreate-viewer-${RUN}`);
    const name = `rc-${RUN}-viewer`;
    const oldId = await cliRun(name, '-e SECRET=s3cret');
    const read = await settingsOf(name, viewer);
    expect(read.status).toBe(403);
    expect(JSON.stringify(read.body)).not.toContain('s3cret');
    const res = await recreate(name, {}, viewer);
    expect(res.status).toBe(403);
    expect((await inspectFull(name)).Id).toBe(oldId);
  });

  // --------------------------------------------------------------------------------------------- pull

  it('pulls the reference first: the new container runs the newer image, with its settings kept', async () => {
    const firstId = await build(PULLED, ['LABEL berth.test=0', `RUN echo first-${RUN} > /version`]);
    images.push(firstId);
    await pushWithEngine(PULLED);
    const name = `rc-${RUN}-pull`;
    const port = await freePort();
    const run = await runInShell(
      `docker run -d --init --name ${name} --label ${LABEL} -e MODE=x -p 127.0.0.1:${port}:80 ${PULLED} sleep 3600`,
    );
    expect(run.code, run.stderr).toBe(0);
    const before = await settingsOf(name);

    // Other content under the same tag in the registry; the engine's tag goes back to the first image.
    const secondId = await build(PULLED, ['LABEL berth.test=0', `RUN echo second-${RUN} > /version`]);
    images.push(secondId);
    expect(secondId).not.toBe(firstId);
    await pushWithEngine(PULLED);
    const [repo, tag] = [PULLED.slice(0, PULLED.lastIndexOf(':')), PULLED.slice(PULLED.lastIndexOf(':') + 1)];
    await engine.getImage(firstId).tag({ repo, tag });
    expect((await engine.getImage(PULLED).inspect()).Id).toBe(firstId);

    const res = await recreate(name, { pull: true });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.imageId).toBe(secondId);
    expect(res.body.commands[0]).toBe(`docker pull ${PULLED}`);
    const after = await inspectFull(name);
    expect(after.Image).toBe(secondId);
    expect(after.State.Running).toBe(true);
    expect(await exec(after.Id, ['cat', '/version'])).toBe(`second-${RUN}`);
    const settings = await settingsOf(name);
    expect(settings.body.form).toEqual(before.body.form);
    await waitFor(async () => (await engine.getImage(PULLED).inspect()).Id === secondId);
  });

  it('changes nothing when the pull fails', async () => {
    await engine.getImage(BASE).tag({
      repo: UNPUSHED.slice(0, UNPUSHED.lastIndexOf(':')),
      tag: UNPUSHED.slice(UNPUSHED.lastIndexOf(':') + 1),
    });
    const name = `rc-${RUN}-nopull`;
    const run = await runInShell(
      `docker run -d --init --name ${name} --label ${LABEL} ${UNPUSHED} sleep 3600`,
    );
    expect(run.code, run.stderr).toBe(0);
    const oldId = run.stdout.trim();
    const res = await recreate(name, { pull: true });
    expect(res.status, JSON.stringify(res.body)).toBe(502);
    expect(res.body.error.message).toContain('nothing was changed');
    const after = await inspectFull(name);
    expect(after.Id).toBe(oldId);
    expect(after.State.Running).toBe(true);
  });
});
