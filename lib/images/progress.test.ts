import { describe, expect, it } from 'vitest';
import { renderImageCommand } from '@/lib/images/cli';
import {
  applyProgress,
  type EngineProgressMessage,
  emptySnapshot,
  finishProgress,
  type ProgressSnapshot,
} from '@/lib/images/progress';

const A = 'aaaaaaaaaaaa';
const B = 'bbbbbbbbbbbb';

function fold(kind: ProgressSnapshot['kind'], messages: EngineProgressMessage[]): ProgressSnapshot {
  return messages.reduce(applyProgress, emptySnapshot(kind, 'docker.io/library/x:latest'));
}

describe('pull progress', () => {
  it('counts download as the first half of a layer and extraction as the second', () => {
    const snap = fold('pull', [
      { status: 'Pulling from library/x', id: 'latest' },
      { status: 'Pulling fs layer', id: A },
      { status: 'Already exists', id: B },
      { status: 'Downloading', id: A, progressDetail: { current: 50, total: 100 } },
    ]);
    expect(snap.layers.map((l) => [l.id, l.phase, l.fraction])).toEqual([
      [A, 'downloading', 0.25],
      [B, 'done', 1],
    ]);
    expect(snap.overall).toBeCloseTo(0.625);
    expect(snap.messages).toEqual(['latest: Pulling from library/x']);

    const extracting = applyProgress(snap, {
      status: 'Extracting',
      id: A,
      progressDetail: { current: 100, total: 200 },
    });
    expect(extracting.layers[0]?.fraction).toBeCloseTo(0.75);
  });

  it('never moves a layer back when a late Downloading line follows extraction', () => {
    const snap = fold('pull', [
      { status: 'Extracting', id: A, progressDetail: { current: 90, total: 100 } },
      { status: 'Downloading', id: A, progressDetail: { current: 10, total: 100 } },
    ]);
    expect(snap.layers[0]?.fraction).toBeCloseTo(0.95);
  });

  it('keeps the digest and ends at 100% when the stream ends cleanly', () => {
    const snap = finishProgress(
      fold('pull', [
        { status: 'Pulling fs layer', id: A },
        { status: `Digest: sha256:${'c'.repeat(64)}` },
        { status: 'Status: Downloaded newer image for x:latest' },
      ]),
    );
    expect(snap).toMatchObject({ state: 'done', overall: 1, digest: `sha256:${'c'.repeat(64)}` });
    expect(snap.layers[0]?.phase).toBe('done');
  });

  it('stops at the engine error line and keeps its words', () => {
    const snap = finishProgress(
      fold('pull', [
        { status: 'Pulling fs layer', id: A },
        { errorDetail: { message: 'manifest unknown' }, error: 'x' },
      ]),
    );
    expect(snap).toMatchObject({ state: 'error', error: 'manifest unknown' });
    expect(snap.overall).toBe(0);
  });
});

describe('push progress', () => {
  it('counts pushing bytes and layers that already exist', () => {
    const snap = fold('push', [
      { status: 'The push refers to repository [127.0.0.1:5400/x]' },
      { status: 'Preparing', id: A },
      { status: 'Pushing', id: A, progressDetail: { current: 30, total: 60 } },
      { status: 'Layer already exists', id: B },
      { status: `latest: digest: sha256:${'d'.repeat(64)} size: 527` },
    ]);
    expect(snap.layers.map((l) => l.fraction)).toEqual([0.5, 1]);
    expect(snap.digest).toBe(`sha256:${'d'.repeat(64)}`);
  });
});

describe('renderImageCommand', () => {
  it('renders each action as the CLI writes it', () => {
    expect(renderImageCommand({ action: 'pull', reference: 'busybox:latest' })).toBe(
      'docker pull busybox:latest',
    );
    expect(renderImageCommand({ action: 'rm', refs: ['a:1', 'b'], force: true })).toBe(
      'docker image rm -f a:1 b',
    );
    expect(renderImageCommand({ action: 'prune', all: true })).toBe('docker image prune -a -f');
    expect(renderImageCommand({ action: 'save', refs: ['a', 'b'], output: 'x.tar' })).toBe(
      'docker save -o x.tar a b',
    );
    expect(renderImageCommand({ action: 'login', server: '127.0.0.1:5401', username: 'u' })).toBe(
      'docker login -u u --password-stdin 127.0.0.1:5401',
    );
    expect(
      renderImageCommand({
        action: 'build',
        tags: ['a:1'],
        buildArgs: ['X=1 2'],
        target: 't',
        noCache: true,
      }),
    ).toBe("docker build -t a:1 --build-arg 'X=1 2' --target t --no-cache .");
  });
});
