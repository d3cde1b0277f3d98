import { describe, expect, it } from 'vitest';
import {
  currentEnvironment,
  engineScope,
  perEnvironment,
  sharedEngineWork,
  withEnvironment,
} from '@/server/docker/client';

describe('the engine scope of a call', () => {
  it('is local outside any request, and the environment of the request inside one', () => {
    expect(currentEnvironment()).toBe('local');
    engineScope().run({ env: 'e1' }, () => expect(currentEnvironment()).toBe('e1'));
  });

  it("shared work keeps the environment but not the client's signal", () => {
    const signal = new AbortController().signal;
    engineScope().run({ env: 'e1', signal }, () => {
      sharedEngineWork(() => {
        expect(engineScope().getStore()).toEqual({ env: 'e1' });
      });
    });
  });

  it('withEnvironment switches the engine and keeps serving the same client', () => {
    const signal = new AbortController().signal;
    engineScope().run({ env: 'local', signal }, () => {
      withEnvironment('e2', () => {
        expect(engineScope().getStore()).toEqual({ env: 'e2', signal });
      });
      expect(currentEnvironment()).toBe('local');
    });
  });

  it('keeps one value per environment', () => {
    const map = new Map<string, { env: string }>();
    const made: string[] = [];
    const make = (env: string) => {
      made.push(env);
      return { env };
    };
    const local = perEnvironment(map, make);
    const e1 = withEnvironment('e1', () => perEnvironment(map, make));
    expect(local.env).toBe('local');
    expect(e1.env).toBe('e1');
    expect(withEnvironment('e1', () => perEnvironment(map, make))).toBe(e1);
    expect(made).toEqual(['local', 'e1']);
  });
});
