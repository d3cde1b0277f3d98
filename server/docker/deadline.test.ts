import { describe, expect, it } from 'vitest';
import { engineDeadline, isBrokenAnswer } from '@/server/docker/deadline';

describe('engineDeadline', () => {
  it('bounds an ordinary call by the base deadline, with or without an API version prefix', () => {
    expect(engineDeadline('GET', '/containers/json?all=1', 1000)).toBe(1000);
    expect(engineDeadline('get', '/v1.45/volumes', 1000)).toBe(1000);
  });

  it('gives calls that grow with the host or wait for containers a longer one', () => {
    for (const [method, path] of [
      ['GET', '/system/df?type=volume'],
      ['POST', '/images/prune'],
      ['DELETE', '/images/sha256:abc'],
      ['POST', '/containers/web/stop?t=30'],
      ['DELETE', '/containers/web?force=1'],
    ] as const) {
      expect(engineDeadline(method, path, 1000), `${method} ${path}`).toBe(20_000);
    }
  });

  it('leaves a long-poll that blocks by design unbounded', () => {
    expect(engineDeadline('POST', '/containers/abc/wait', 1000)).toBeNull();
  });
});

describe('isBrokenAnswer', () => {
  it('flags a body that starts as JSON but did not parse, and nothing else', () => {
    expect(isBrokenAnswer(Buffer.from('[{"Id":"abc"'))).toBe(true);
    expect(isBrokenAnswer(Buffer.from('  {"Volumes": ['))).toBe(true);
    expect(isBrokenAnswer(Buffer.from(''))).toBe(false);
    expect(isBrokenAnswer(Buffer.from('OK'))).toBe(false);
    expect(isBrokenAnswer({ Id: 'parsed' })).toBe(false);
    expect(isBrokenAnswer([])).toBe(false);
  });
});
