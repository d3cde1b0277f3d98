import { describe, expect, it } from 'vitest';
import { currentEnvironment, sharedInEnvironment } from '@/server/docker/client';
import { envKey, perEngineOpener, SharedStreams, splitEnvKey } from '@/server/realtime/shared-stream';
import { payloadEnvironment } from '@/server/realtime/socket-event';

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('env-qualified hub keys', () => {
  it('round-trips an environment and an id, and reads a bare key as local', () => {
    expect(splitEnvKey(envKey('e1', 'abc'))).toEqual({ env: 'e1', id: 'abc' });
    expect(splitEnvKey('abc')).toEqual({ env: 'local', id: 'abc' });
    // The separator cannot occur in an environment id or a container id.
    expect(envKey('e1', 'abc')).not.toBe(envKey('e', '1abc'));
  });

  it('opens one upstream per object per engine, lazily, in that engine scope', async () => {
    const opened: { id: string; env: string }[] = [];
    const closed: string[] = [];
    const streams = new SharedStreams<number>(
      perEngineOpener(
        (id) => () => {
          // Where the engine calls of the upstream go: the scope it was opened in.
          opened.push({ id, env: currentEnvironment() });
          return { close: () => void closed.push(`${currentEnvironment()}/${id}`) };
        },
        sharedInEnvironment,
      ),
    );
    const offs = [
      streams.subscribe(envKey('e1', 'c1'), () => {}),
      streams.subscribe(envKey('e1', 'c1'), () => {}),
      streams.subscribe(envKey('local', 'c1'), () => {}),
      streams.subscribe(envKey('e2', 'c1'), () => {}),
    ];
    await tick();
    expect(opened).toEqual([
      { id: 'c1', env: 'e1' },
      { id: 'c1', env: 'local' },
      { id: 'c1', env: 'e2' },
    ]);
    expect(streams.size).toBe(3);
    expect(streams.listenerCount(envKey('e1', 'c1'))).toBe(2);
    offs[0]?.();
    await tick();
    expect(streams.size).toBe(3);
    offs[1]?.();
    await tick();
    expect(streams.size).toBe(2);
    expect(closed).toHaveLength(1);
  });
});

describe('the environment of a socket payload', () => {
  it('is local when absent, and the payload may be no object at all', () => {
    expect(payloadEnvironment({ containerId: 'x' })).toEqual({ env: 'local' });
    expect(payloadEnvironment(undefined)).toEqual({ env: 'local' });
    expect(payloadEnvironment({ env: 'local' })).toEqual({ env: 'local' });
  });

  it('refuses a malformed id naming the field', () => {
    for (const env of ['Upper', '-lead', 'a'.repeat(33), 7, '']) {
      const got = payloadEnvironment({ env });
      expect('error' in got && got.error.status).toBe(400);
      expect('error' in got && got.error.fields?.[0]?.path).toBe('payload.env');
    }
  });
});
