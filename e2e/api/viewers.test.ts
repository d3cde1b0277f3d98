import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENV_VALUE_MASK } from '@/lib/containers/env';
import type { ContainerDetail, DirectoryListing } from '@/lib/containers/types';
import type { ImageDetail } from '@/lib/images/types';
import type { VolumeDetail, VolumeSummary } from '@/lib/volumes/types';
import { ADMIN_PASSWORD, ADMIN_USER, type ApiResult, api, type ErrorEnvelope, login } from '../support/api';
import { engine, TEST_IMAGE, uniqueName } from '../support/engine';
import { removeLabelled } from '../support/labelled';
import { type StartedServer, startServer } from '../support/server';

/*
 * Issue 18, what viewers may see: environment values masked and files refused until an admin allows them.
 * On a server of this file's own, so its settings never reach the shared server's other tests.
 */

const RUN = Date.now().toString(36);
const RUN_LABEL = `berth.test.viewers=${RUN}`;
const SECRET = `hunter2-${RUN}`;

let server: StartedServer;
let containerId = '';
let volumeName = '';
/** A volume whose driver options carry a credential, as a CIFS share's would. */
let secretVolume = '';
const cookies: Record<'admin' | 'viewer' | 'operator', string> = { admin: '', viewer: '', operator: '' };

type Who = keyof typeof cookies;
const call = <T = unknown>(who: Who, path: string, init: Parameters<typeof api>[1] = {}) =>
  api<T>(path, { ...init, base: server.url, as: { cookie: cookies[who] } });

async function loginAs(username: string, password: string): Promise<string> {
  const res = await login(username, password, server.url);
  if (!res.cookie) throw new Error(`could not log in ${username}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.cookie;
}

async function addUser(role: 'viewer' | 'operator'): Promise<string> {
  const username = `viewers-${role}-${RUN}`;
  const password = `pw-${role}-berth-viewers-2026`;
  const created = await call('admin', '/api/users', { method: 'POST', json: { username, password, role } });
  if (created.status !== 201)
    throw new Error(`could not create ${username}: ${JSON.stringify(created.body)}`);
  return loginAs(username, password);
}

function expectRefusedBySetting(res: ApiResult<unknown>, setting: string): void {
  expect(res.status, JSON.stringify(res.body)).toBe(403);
  const { error } = res.body as ErrorEnvelope;
  expect(error.code).toBe('forbidden');
  expect(error.message).toContain('(viewer)');
  expect(error.message).toContain(`viewerAccess.${setting}`);
}

const envOf = (detail: ContainerDetail) => (detail.inspect.Config as { Env: string[] }).Env;
const setViewerAccess = (viewerAccess: { environmentValues: boolean; files: boolean }) =>
  call('admin', '/api/settings', { method: 'PUT', json: { viewerAccess } });

beforeAll(async () => {
  server = await startServer({ env: { BERTH_ADMIN_USER: ADMIN_USER, BERTH_ADMIN_PASSWORD: ADMIN_PASSWORD } });
  cookies.admin = await loginAs(ADMIN_USER, ADMIN_PASSWORD);
  cookies.viewer = await addUser('viewer');
  cookies.operator = await addUser('operator');
  volumeName = uniqueName('viewers-vol');
  const [key, value] = RUN_LABEL.split('=') as [string, string];
  await engine.createVolume({ Name: volumeName, Labels: { 'berth.test': '1', [key]: value } });
  secretVolume = uniqueName('viewers-secret');
  await engine.createVolume({
    Name: secretVolume,
    Labels: { 'berth.test': '1', [key]: value },
    DriverOpts: { type: 'tmpfs', device: 'tmpfs', o: `size=1m,password=${SECRET}` },
  });
  const container = await engine.createContainer({
    Image: TEST_IMAGE,
    name: uniqueName('viewers'),
    Env: [`SECRET=${SECRET}`, 'MODE=production'],
    Cmd: ['sh', '-c', 'echo hello-volume > /data/note.txt; echo hello-root > /note.txt; sleep 3600'],
    Labels: { 'berth.test': '1', [key]: value },
    HostConfig: { Binds: [`${volumeName}:/data`] },
  });
  await container.start();
  containerId = container.id;
  // The files the command writes, before anyone reads them.
  for (let i = 0; i < 50; i++) {
    const note = await call('operator', `/api/containers/${containerId}/archive?path=/note.txt&format=raw`);
    if (note.status === 200) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}, 120_000);

afterAll(async () => {
  await removeLabelled(RUN_LABEL);
  await server?.stop();
}, 60_000);

describe('a viewer, by default', () => {
  it('sees the environment names with masked values, in the detail view and its inspect JSON', async () => {
    const res = await call<ContainerDetail>('viewer', `/api/containers/${containerId}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.env).toEqual(
      expect.arrayContaining([
        { name: 'SECRET', value: null },
        { name: 'MODE', value: null },
      ]),
    );
    expect(envOf(res.body)).toContain(`SECRET=${ENV_VALUE_MASK}`);
    expect(JSON.stringify(res.body)).not.toContain(SECRET);
    // The rest of the detail is as it was.
    expect(res.body.running).toBe(true);
    expect(res.body.inspect.Id).toBe(containerId);
  });

  it("is refused the container's files, downloads and export with 403 naming the setting", async () => {
    const base = `/api/containers/${containerId}`;
    expectRefusedBySetting(await call('viewer', `${base}/files?path=/`), 'files');
    expectRefusedBySetting(await call('viewer', `${base}/archive?path=/note.txt&format=raw`), 'files');
    expectRefusedBySetting(await call('viewer', `${base}/archive?path=/etc`), 'files');
    expectRefusedBySetting(await call('viewer', `${base}/export`), 'files');
  });

  it("is refused the volume's files and downloads", async () => {
    const base = `/api/volumes/${volumeName}`;
    expectRefusedBySetting(await call('viewer', `${base}/files?path=/`), 'files');
    expectRefusedBySetting(await call('viewer', `${base}/archive?path=/note.txt&format=raw`), 'files');
    // The volume itself stays readable.
    expect((await call('viewer', base)).status).toBe(200);
  });

  it('is told by /api/auth/me that it holds none of the permissions the settings grant', async () => {
    const me = await call<{ permissions: string[] }>('viewer', '/api/auth/me');
    expect(me.body.permissions).toContain('containers:read');
    expect(me.body.permissions).not.toContain('containers:env');
    expect(me.body.permissions).not.toContain('containers:files');
    expect(me.body.permissions).not.toContain('volumes:files');
  });

  it('sees volume driver options with their secret parts masked, in the list and the detail', async () => {
    const detail = await call<VolumeDetail>('viewer', `/api/volumes/${secretVolume}`);
    expect(detail.status, JSON.stringify(detail.body)).toBe(200);
    expect(detail.body.options).toEqual({
      type: 'tmpfs',
      device: 'tmpfs',
      o: `size=1m,password=${ENV_VALUE_MASK}`,
    });
    expect(JSON.stringify(detail.body)).not.toContain(SECRET);
    const list = await call<VolumeSummary[]>('viewer', '/api/volumes');
    expect(list.body.find((v) => v.name === secretVolume)?.options.o).toBe(
      `size=1m,password=${ENV_VALUE_MASK}`,
    );
    expect(JSON.stringify(list.body)).not.toContain(SECRET);
  });

  it("still reads an image's environment, which is part of the image", async () => {
    const imageId = (await engine.getImage(TEST_IMAGE).inspect()).Id.replace('sha256:', '');
    const res = await call<ImageDetail>('viewer', `/api/images/${imageId}`);
    expect(res.status).toBe(200);
    expect(res.body.env.some((entry) => entry.startsWith('PATH=/'))).toBe(true);
  });
});

describe('operators and admins', () => {
  it.each(['operator', 'admin'] as const)('%s sees the values and reads the files', async (who) => {
    const detail = await call<ContainerDetail>(who, `/api/containers/${containerId}`);
    expect(detail.body.env).toEqual(expect.arrayContaining([{ name: 'SECRET', value: SECRET }]));
    const volume = await call<VolumeDetail>(who, `/api/volumes/${secretVolume}`);
    expect(volume.body.options.o).toBe(`size=1m,password=${SECRET}`);
    expect(envOf(detail.body)).toContain(`SECRET=${SECRET}`);

    const listing = await call<DirectoryListing>(who, `/api/containers/${containerId}/files?path=/`);
    expect(listing.status, JSON.stringify(listing.body)).toBe(200);
    expect(JSON.stringify(listing.body)).toContain('note.txt');
    const file = await call<string>(who, `/api/containers/${containerId}/archive?path=/note.txt&format=raw`);
    expect(file.status).toBe(200);
    expect(file.body).toContain('hello-root');
    const volumeFile = await call<string>(
      who,
      `/api/volumes/${volumeName}/archive?path=/note.txt&format=raw`,
    );
    expect(volumeFile.status, JSON.stringify(volumeFile.body)).toBe(200);
    expect(volumeFile.body).toContain('hello-volume');
  });

  it('an operator exports the filesystem', async () => {
    const res = await fetch(`${server.url}/api/containers/${containerId}/export`, {
      headers: { cookie: cookies.operator },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/x-tar');
    await res.body?.cancel();
  });
});

describe('after an admin allows it', () => {
  it('an operator cannot change what viewers may see', async () => {
    const res = await call<ErrorEnvelope>('operator', '/api/settings', {
      method: 'PUT',
      json: { viewerAccess: { environmentValues: true, files: true } },
    });
    expect(res.status).toBe(403);
    const still = await call<ContainerDetail>('viewer', `/api/containers/${containerId}`);
    expect(JSON.stringify(still.body)).not.toContain(SECRET);
  });

  it('a viewer sees the values and reads the files', async () => {
    const saved = await setViewerAccess({ environmentValues: true, files: true });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect(saved.body).toMatchObject({ viewerAccess: { environmentValues: true, files: true } });

    const detail = await call<ContainerDetail>('viewer', `/api/containers/${containerId}`);
    expect(detail.body.env).toEqual(expect.arrayContaining([{ name: 'SECRET', value: SECRET }]));
    expect(envOf(detail.body)).toContain(`SECRET=${SECRET}`);

    const listing = await call('viewer', `/api/containers/${containerId}/files?path=/`);
    expect(listing.status, JSON.stringify(listing.body)).toBe(200);
    const file = await call<string>(
      'viewer',
      `/api/containers/${containerId}/archive?path=/note.txt&format=raw`,
    );
    expect(file.status).toBe(200);
    expect(file.body).toContain('hello-root');
    const volumeFiles = await call('viewer', `/api/volumes/${volumeName}/files?path=/`);
    expect(volumeFiles.status, JSON.stringify(volumeFiles.body)).toBe(200);
    const exported = await fetch(`${server.url}/api/containers/${containerId}/export`, {
      headers: { cookie: cookies.viewer },
    });
    expect(exported.status).toBe(200);
    await exported.body?.cancel();

    const me = await call<{ permissions: string[] }>('viewer', '/api/auth/me');
    expect(me.body.permissions).toEqual(
      expect.arrayContaining(['containers:env', 'containers:files', 'volumes:files']),
    );
    // Reading is all the settings grant.
    const stop = await call('viewer', `/api/containers/${containerId}/stop`, { method: 'POST', json: {} });
    expect(stop.status).toBe(403);
  });

  it('each setting stands alone: files allowed, environment values masked again', async () => {
    const saved = await setViewerAccess({ environmentValues: false, files: true });
    expect(saved.status).toBe(200);
    const detail = await call<ContainerDetail>('viewer', `/api/containers/${containerId}`);
    expect(detail.body.env).toEqual(expect.arrayContaining([{ name: 'SECRET', value: null }]));
    expect(JSON.stringify(detail.body)).not.toContain(SECRET);
    expect((await call('viewer', `/api/containers/${containerId}/files?path=/`)).status).toBe(200);

    await setViewerAccess({ environmentValues: false, files: false });
    expectRefusedBySetting(await call('viewer', `/api/containers/${containerId}/files?path=/`), 'files');
  });
});
