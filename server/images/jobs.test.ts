import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { ProgressSnapshot } from '@/lib/images/progress';
import { parseImageReference } from '@/lib/images/reference';
import { ImageJobs, type Starter } from '@/server/images/jobs';

function ref(input: string) {
  const r = parseImageReference(input, { defaultTag: true });
  if (!r.ok) throw new Error(r.error);
  return r.ref;
}

function fakeEngine() {
  const started: { stream: PassThrough; signal: AbortSignal }[] = [];
  const starter: Starter = async (_ref, _auth, signal) => {
    const stream = new PassThrough();
    started.push({ stream, signal });
    return stream;
  };
  return { started, jobs: new ImageJobs({ pull: starter, push: starter }, 5) };
}

const tick = () => new Promise((r) => setTimeout(r, 20));
const line = (o: object) => `${JSON.stringify(o)}\n`;

describe('ImageJobs', () => {
  it('runs one engine pull for every viewer of the same reference and tells each the outcome', async () => {
    const { started, jobs } = fakeEngine();
    const seenA: ProgressSnapshot[] = [];
    const seenB: ProgressSnapshot[] = [];
    const a = jobs.join({ kind: 'pull', reference: ref('x') }, (s) => seenA.push(s));
    await tick();
    started[0]?.stream.write(
      line({ status: 'Downloading', id: 'aaaaaaaaaaaa', progressDetail: { current: 1, total: 2 } }),
    );
    await tick();
    const b = jobs.join({ kind: 'pull', reference: ref('docker.io/library/x:latest') }, (s) => seenB.push(s));
    expect(started).toHaveLength(1);
    // The late viewer starts from where the pull is, not from zero.
    expect(b.snapshot.layers[0]?.fraction).toBeCloseTo(0.25);
    started[0]?.stream.end(line({ status: 'Pull complete', id: 'aaaaaaaaaaaa' }));
    const [doneA, doneB] = await Promise.all([a.done, b.done]);
    expect(doneA.state).toBe('done');
    expect(doneB).toBe(doneA);
    expect(seenA.at(-1)?.overall).toBe(1);
    expect(seenB.at(-1)?.state).toBe('done');
    expect(jobs.size).toBe(0);
  });

  it('keeps pulling while someone watches and aborts the engine request when the last viewer leaves', async () => {
    const { started, jobs } = fakeEngine();
    const a = jobs.join({ kind: 'pull', reference: ref('x') }, () => {});
    const b = jobs.join({ kind: 'pull', reference: ref('x') }, () => {});
    await tick();
    a.leave();
    expect(started[0]?.signal.aborted).toBe(false);
    b.leave();
    expect(started[0]?.signal.aborted).toBe(true);
    expect((await b.done).state).toBe('cancelled');
    expect(jobs.size).toBe(0);
  });

  it('runs different references, kinds and credentials side by side', async () => {
    const { started, jobs } = fakeEngine();
    jobs.join({ kind: 'pull', reference: ref('x') }, () => {});
    jobs.join({ kind: 'pull', reference: ref('y') }, () => {});
    jobs.join({ kind: 'push', reference: ref('x') }, () => {});
    jobs.join({ kind: 'pull', reference: ref('x'), authKey: '1' }, () => {});
    await tick();
    expect(started).toHaveLength(4);
    jobs.closeAll();
    expect(started.every((s) => s.signal.aborted)).toBe(true);
  });

  it('reports an engine error line and a failure to start', async () => {
    const { started, jobs } = fakeEngine();
    const a = jobs.join({ kind: 'pull', reference: ref('x') }, () => {});
    await tick();
    started[0]?.stream.end(line({ errorDetail: { message: 'manifest unknown' }, error: 'manifest unknown' }));
    expect(await a.done).toMatchObject({ state: 'error', error: 'manifest unknown' });

    const failing = new ImageJobs(
      {
        pull: async () => {
          throw Object.assign(new Error('x'), { statusCode: 404, json: { message: 'repository not found' } });
        },
        push: async () => new PassThrough(),
      },
      5,
    );
    const b = failing.join({ kind: 'pull', reference: ref('x') }, () => {});
    expect(await b.done).toMatchObject({ state: 'error', error: 'repository not found' });
  });
});
