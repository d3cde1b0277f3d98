import { describe, expect, it } from 'vitest';
import { envApiPath, envFromSearch, isEnginePath, switchEnvHref, switchTarget, withEnv } from './paths';

describe('envFromSearch', () => {
  it('reads the env parameter, local when absent or invalid', () => {
    expect(envFromSearch('?env=prod')).toBe('prod');
    expect(envFromSearch(new URLSearchParams('state=running&env=loop-1'))).toBe('loop-1');
    expect(envFromSearch('')).toBe('local');
    expect(envFromSearch(null)).toBe('local');
    expect(envFromSearch('?env=../etc')).toBe('local');
    expect(envFromSearch('?env=Prod')).toBe('local');
  });
});

describe('isEnginePath', () => {
  it('knows engine resources from Berth endpoints', () => {
    for (const p of [
      '/api/containers',
      '/api/containers/abc/logs?tail=10',
      '/api/images/pull',
      '/api/volumes/x',
      '/api/networks',
      '/api/swarm/services',
      '/api/system/df',
      '/api/system/prune/containers',
      '/api/engine',
      '/api/events?since=1',
      '/api/stacks/web/up',
    ])
      expect(isEnginePath(p), p).toBe(true);
    for (const p of [
      '/api/health',
      '/api/auth/me',
      '/api/users',
      '/api/settings',
      '/api/audit',
      '/api/registries',
      '/api/environments',
      '/api/environments/status',
      '/api/system/backup',
      '/api/system/restore',
      '/api/containersx',
      '/containers',
    ])
      expect(isEnginePath(p), p).toBe(false);
  });
});

describe('envApiPath', () => {
  it('prefixes engine endpoints of other environments only', () => {
    expect(envApiPath('/api/containers?all=true', 'prod')).toBe('/api/environments/prod/containers?all=true');
    expect(envApiPath('/api/containers', 'local')).toBe('/api/containers');
    expect(envApiPath('/api/users', 'prod')).toBe('/api/users');
    expect(envApiPath('/api/system/backup', 'prod')).toBe('/api/system/backup');
    expect(envApiPath('/api/swarm/nodes', 'prod')).toBe('/api/environments/prod/swarm/nodes');
    expect(envApiPath('/api/system/df', 'prod')).toBe('/api/environments/prod/system/df');
  });
});

describe('withEnv', () => {
  it('keeps the environment on console links', () => {
    expect(withEnv('/containers', 'prod')).toBe('/containers?env=prod');
    expect(withEnv('/containers?state=running#x', 'prod')).toBe('/containers?state=running&env=prod#x');
    expect(withEnv('/containers', 'local')).toBe('/containers');
    expect(withEnv('/containers?env=other', 'prod')).toBe('/containers?env=other');
    expect(withEnv('https://docs.docker.com', 'prod')).toBe('https://docs.docker.com');
    expect(withEnv('/api/containers/a/export', 'prod')).toBe('/api/environments/prod/containers/a/export');
  });
});

describe('switchEnvHref', () => {
  it('sets or drops the parameter, keeping the others', () => {
    expect(switchEnvHref('/containers', 'state=running', 'prod')).toBe('/containers?state=running&env=prod');
    expect(switchEnvHref('/containers', 'env=prod&state=running', 'local')).toBe('/containers?state=running');
    expect(switchEnvHref('/', '', 'local')).toBe('/');
  });
});

describe('switchTarget', () => {
  it('stays on a list page, leaves a resource page for its list', () => {
    expect(switchTarget('/containers', 'state=running', 'prod')).toBe('/containers?state=running&env=prod');
    expect(switchTarget('/containers/abc/edit', 'env=prod', 'local')).toBe('/containers');
    expect(switchTarget('/images/sha', '', 'prod')).toBe('/images?env=prod');
    expect(switchTarget('/', 'env=prod', 'other')).toBe('/?env=other');
  });
});
