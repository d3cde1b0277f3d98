import { describe, expect, it } from 'vitest';
import { environmentRequest } from '@/server/environments/routing';

const at = (path: string) => {
  const scoped = environmentRequest(new URL(path, 'http://berth.local'));
  return scoped ? { env: scoped.env, path: scoped.url.pathname + scoped.url.search } : null;
};

describe('environment request paths', () => {
  it('rewrites an engine path under an environment to the plain path, query kept', () => {
    expect(at('/api/environments/prod/containers?all=1')).toEqual({
      env: 'prod',
      path: '/api/containers?all=1',
    });
    expect(at('/api/environments/e1/containers/abc/logs')).toEqual({
      env: 'e1',
      path: '/api/containers/abc/logs',
    });
    expect(at('/api/environments/local/images')).toEqual({ env: 'local', path: '/api/images' });
  });

  it("leaves the environments' own routes alone", () => {
    for (const path of [
      '/api/environments',
      '/api/environments/status',
      '/api/environments/check',
      '/api/environments/prod',
      '/api/environments/prod/',
      '/api/environments/prod/check',
      '/api/containers',
      '/api/environments/Prod/containers',
    ])
      expect(at(path), path).toBeNull();
  });

  it('rewrites a deeper path that merely contains "check"', () => {
    expect(at('/api/environments/e1/registries/check')?.path).toBe('/api/registries/check');
  });
});
