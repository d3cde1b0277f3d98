import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VolumeSummary, VolumeUsage } from '@/lib/volumes/types';
import { api } from '../support/api';
import { engine, TEST_IMAGE, TEST_LABEL, uniqueName } from '../support/engine';
import { removeLabelled } from '../support/labelled';

const RUN_LABEL = `berth.test.run=${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

/**
 * A volume of 50,000 empty files: the engine walks it for every `system df`, which then takes long enough
 * (about 0.1 s instead of a few ms on a test host) that concurrent calls overlap, as on a real host.
 */
beforeAll(async () => {
  await removeLabelled(RUN_LABEL);
  const [key, value] = RUN_LABEL.split('=') as [string, string];
  const volume = uniqueName('df-files');
  await engine.createVolume({ Name: volume, Labels: { 'berth.test': '1', [key]: value } });
  const filler = await engine.createContainer({
    Image: TEST_IMAGE,
    Cmd: [
      'sh',
      '-c',
      'cd /data && for d in $(seq 100); do mkdir $d && (cd $d && for f in $(seq 500); do : > $f; done); done',
    ],
    Labels: { 'berth.test': '1', [key]: value },
    HostConfig: { Binds: [`${volume}:/data`] },
  });
  await filler.start();
  await filler.wait();
  // Other test files remove every berth.test=1 container: it may be gone already.
  await filler.remove().catch(() => {});
}, 120_000);
afterAll(() => removeLabelled(RUN_LABEL));

// Every endpoint that measures with `system df`: the dashboard chart, the prune page's previews, volume sizes.
const DF_READERS = [
  '/api/system/df',
  '/api/volumes/usage',
  '/api/images/prune',
  '/api/system/prune/build-cache',
  '/api/volumes/prune',
];

describe('disk usage shared by concurrent callers', () => {
  it('answers 10 concurrent disk-usage requests without an error, three times over', async () => {
    for (let round = 0; round < 3; round++) {
      const paths = Array.from({ length: 10 }, (_, i) => DF_READERS[i % DF_READERS.length] as string);
      const answers = await Promise.all(paths.map((p) => api(p)));
      const failed = answers
        .map((a, i) => ({ path: paths[i], status: a.status, body: a.body }))
        .filter((a) => a.status !== 200);
      expect(failed, JSON.stringify(failed)).toEqual([]);
    }
  });

  it('measures again after Berth creates or removes a volume, within the cache time', async () => {
    expect((await api('/api/volumes/usage')).status).toBe(200);
    const name = uniqueName('df-vol');
    const created = await api<VolumeSummary>('/api/volumes', {
      method: 'POST',
      json: { name, labels: [TEST_LABEL, RUN_LABEL] },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const after = await api<VolumeUsage>('/api/volumes/usage');
    expect(after.status).toBe(200);
    expect(after.body.sizes[name]).toBeGreaterThanOrEqual(0);
    expect((await api(`/api/volumes/${name}`, { method: 'DELETE' })).status).toBe(204);
    const gone = await api<VolumeUsage>('/api/volumes/usage');
    expect(Object.hasOwn(gone.body.sizes, name)).toBe(false);
  });
});
