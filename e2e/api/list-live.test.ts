import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ContainerSummary } from '@/lib/containers/types';
import { api } from '../support/api';
import { TEST_IMAGE, uniqueName } from '../support/engine';
import { removeLabelled } from '../support/labelled';

/**
 * The full list is kept current from the engine's event log (server/docker/live-list.ts): a change applies one
 * filtered call for the rows it touched. Changes made with the docker CLI must show in the very next list,
 * however many clients read it at once, and in every search of it.
 */
const LABEL = 'berth.test.perf=1';
const run = promisify(execFile);
const docker = async (...args: string[]) => (await run('docker', args)).stdout.trim();

const list = async (query = '') => {
  const res = await api<ContainerSummary[]>(`/api/containers?all=1${query}`);
  expect(res.status).toBe(200);
  return res.body;
};

beforeAll(() => removeLabelled(LABEL));
afterAll(() => removeLabelled(LABEL));

describe('the live container list', () => {
  it('shows a container created, renamed, started and removed with the CLI in the very next list', async () => {
    const name = uniqueName('live');
    await list(); // the list is kept now
    const id = await docker(
      'create',
      '--label',
      LABEL,
      '--label',
      'berth.test=1',
      '--network',
      'none',
      '--name',
      name,
      TEST_IMAGE,
      'sleep',
      '3600',
    );
    expect((await list()).find((c) => c.id === id)).toMatchObject({ name, state: 'created' });

    await docker('rename', name, `${name}-r`);
    expect((await list()).find((c) => c.id === id)?.name).toBe(`${name}-r`);
    // Each search of the list is its own serialised body: none may be left from before the change.
    expect((await list(`&search=${encodeURIComponent(`${name}-r`)}`)).map((c) => c.id)).toEqual([id]);

    await docker('start', id);
    expect((await list()).find((c) => c.id === id)?.state).toBe('running');
    await docker('pause', id);
    expect((await list()).find((c) => c.id === id)?.state).toBe('paused');
    await docker('unpause', id);

    await docker('rm', '-f', id);
    expect((await list()).some((c) => c.id === id)).toBe(false);
    expect(await list(`&search=${encodeURIComponent(`${name}-r`)}`)).toEqual([]);
  });

  it('gives twenty concurrent clients the change made just before they asked', async () => {
    const name = uniqueName('live-many');
    const id = await docker(
      'create',
      '--label',
      LABEL,
      '--label',
      'berth.test=1',
      '--network',
      'none',
      '--name',
      name,
      TEST_IMAGE,
      'true',
    );
    await list();
    await docker('rename', name, `${name}-x`);
    const answers = await Promise.all(Array.from({ length: 20 }, () => list()));
    for (const answer of answers) expect(answer.find((c) => c.id === id)?.name).toBe(`${name}-x`);
    await docker('rm', '-f', id);
    const after = await Promise.all(Array.from({ length: 20 }, () => list()));
    for (const answer of after) expect(answer.some((c) => c.id === id)).toBe(false);
  });

  it('answers JSON the same as the engine lists it', async () => {
    const res = await fetch(`${process.env.BERTH_URL}/api/containers?all=1`);
    // Unauthenticated: the route still applies auth before any kept body.
    expect(res.status).toBe(401);
    const names = new Set((await list()).map((c) => c.id));
    const engineIds = (await docker('ps', '-aq', '--no-trunc', '--filter', `label=${LABEL}`))
      .split('\n')
      .filter(Boolean);
    for (const id of engineIds) expect(names.has(id)).toBe(true);
  });
});
