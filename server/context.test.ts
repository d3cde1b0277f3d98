import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(rel);
    return /\.(ts|tsx)$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [rel] : [];
  });
}

afterEach(() => vi.resetModules());

describe('the server context', () => {
  it('is one object for every loaded copy of the server modules', async () => {
    // What Next.js does to the custom server's modules: each route bundle loads its own copy.
    const first = await import('@/server/docker/client');
    const firstContext = (await import('@/server/context')).serverContext();
    vi.resetModules();
    const second = await import('@/server/docker/client');
    const secondContext = (await import('@/server/context')).serverContext();
    expect(second).not.toBe(first); // two module instances...
    expect(second.docker()).toBe(first.docker()); // ...one engine client
    expect(secondContext).toBe(firstContext);
  });

  it('refuses to be created by the server once something has made one', async () => {
    const { createServerContext, serverContext } = await import('@/server/context');
    serverContext();
    expect(() => createServerContext()).toThrow(/already exists/);
  });

  it('keeps a field made by one module copy for the other copies', async () => {
    const { contextValue } = await import('@/server/context');
    const made = contextValue('buildContexts', () => new Map());
    vi.resetModules();
    const again = (await import('@/server/context')).contextValue('buildContexts', () => new Map());
    expect(again).toBe(made);
  });
});

describe('process state lives only in the context', () => {
  const files = ['server', 'lib', 'app', 'components'].flatMap(sourceFiles);

  it('has no globalThis anywhere but server/context.ts', () => {
    const users = files.filter((f) => fs.readFileSync(path.join(root, f), 'utf8').includes('globalThis'));
    expect(users).toEqual([path.join('server', 'context.ts')]);
  });

  it('has no module-level mutable variable under server/ (each bundle would have its own)', () => {
    const offenders = files
      .filter((f) => f.startsWith('server'))
      .flatMap((f) =>
        fs
          .readFileSync(path.join(root, f), 'utf8')
          .split('\n')
          .map((line, i) => ({ line, at: `${f}:${i + 1}` }))
          .filter(({ line }) => /^(export\s+)?(let|var)\s/.test(line))
          .map(({ at }) => at),
      );
    expect(offenders).toEqual([]);
  });
});
