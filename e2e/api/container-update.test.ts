import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, type ErrorEnvelope, userSession } from '../support/api';
import { engine, uniqueName } from '../support/engine';
import { removeLabelled, sleeper } from '../support/labelled';

/*
 * `docker update` (issue 15) with the real CLI as the oracle: the same values given to `docker update` and to
 * Berth's update action leave the two containers with the same HostConfig.
 */

const run = promisify(execFile);
const RUN = Date.now().toString(36);
const LABEL = `berth.test.update=${RUN}`;
const [labelKey, labelValue] = LABEL.split('=') as [string, string];

let byCli = '';
let byBerth = '';

const hostConfig = async (id: string) => (await engine.getContainer(id).inspect()).HostConfig;
const pick = (h: Awaited<ReturnType<typeof hostConfig>>) => ({
  RestartPolicy: h.RestartPolicy,
  Memory: h.Memory,
  MemorySwap: h.MemorySwap,
  NanoCpus: h.NanoCpus,
  PidsLimit: h.PidsLimit,
});

beforeAll(async () => {
  byCli = await sleeper(uniqueName('update-cli'), { [labelKey]: labelValue });
  byBerth = await sleeper(uniqueName('update-berth'), { [labelKey]: labelValue });
}, 60_000);

afterAll(() => removeLabelled(LABEL), 60_000);

describe('the update action', () => {
  it.each([
    [['--restart', 'on-failure:3', '--pids-limit', '100'], { restart: 'on-failure:3', pidsLimit: 100 }],
    [['--cpus', '0.5', '--restart', 'unless-stopped'], { cpus: '0.5', restart: 'unless-stopped' }],
    [['--memory', '64m', '--memory-swap', '128m'], { memory: '64m', memorySwap: '128m' }],
    [['--memory-swap', '-1', '--pids-limit', '-1'], { memorySwap: '-1', pidsLimit: -1 }],
  ])('leaves the container as `docker update %s` does', async (cliArgs, body) => {
    await run('docker', ['update', ...cliArgs, byCli]);
    const res = await api<{ ok: boolean }>(`/api/containers/${byBerth}/update`, {
      method: 'POST',
      json: body,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(pick(await hostConfig(byBerth))).toEqual(pick(await hostConfig(byCli)));
  });

  it('is audited with the CLI command', async () => {
    const audit = await api<{ action: string; target: string; command: string | null }[]>(
      '/api/audit?action=container.action',
    );
    expect(audit.body.map((e) => e.command)).toContain(
      `docker update --memory-swap -1 --pids-limit -1 ${byBerth}`,
    );
  });

  it('refuses bad values naming the field, and an empty update, changing nothing', async () => {
    const before = pick(await hostConfig(byBerth));
    const bad = await api<ErrorEnvelope>(`/api/containers/${byBerth}/update`, {
      method: 'POST',
      json: { memory: 'lots', restart: 'sometimes' },
    });
    expect(bad.status).toBe(400);
    const paths = (bad.body.error.fields ?? []).map((f) => f.path);
    expect(paths).toEqual(expect.arrayContaining(['body.memory', 'body.restart']));
    const empty = await api<ErrorEnvelope>(`/api/containers/${byBerth}/update`, { method: 'POST', json: {} });
    expect(empty.status).toBe(400);
    expect(empty.body.error.message).toContain('Nothing to update');
    expect(pick(await hostConfig(byBerth))).toEqual(before);
  });

  it('is refused to a viewer', async () => {
    const viewer = await userSession('viewer', `update-viewer-${RUN}`);
    const res = await api(`/api/containers/${byBerth}/update`, {
      method: 'POST',
      json: { pidsLimit: 5 },
      as: viewer,
    });
    expect(res.status).toBe(403);
  });
});
