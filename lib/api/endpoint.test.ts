import { describe, expect, expectTypeOf, it } from 'vitest';
import { endpoint, endpointUrl, type PathParams, queryString } from '@/lib/api/endpoint';

describe('endpointUrl', () => {
  it('fills each [param] of the route path, encoded', () => {
    expect(endpointUrl('/api/containers/[id]/[action]', { id: 'a b/c', action: 'start' })).toBe(
      '/api/containers/a%20b%2Fc/start',
    );
  });

  it('takes a numeric id as its decimal digits', () => {
    expect(endpointUrl('/api/users/[id]/password', { id: 42 })).toBe('/api/users/42/password');
  });

  it('appends the query, leaving out empty and false values', () => {
    expect(endpointUrl('/api/images', {}, { all: true, filter: 'dangling', search: '', x: false })).toBe(
      '/api/images?all=1&filter=dangling',
    );
  });

  it('refuses a path whose parameter is missing', () => {
    expect(() => endpointUrl('/api/volumes/[name]', {})).toThrow(/missing path parameter name/);
  });
});

describe('endpoint', () => {
  it('keeps the method and the path, and types the path parameters from it', () => {
    const e = endpoint<{ ok: true }>()('POST', '/api/networks/[id]/connect');
    expect(e).toEqual({ method: 'POST', path: '/api/networks/[id]/connect' });
    expectTypeOf<PathParams<typeof e.path>>().toEqualTypeOf<{ id: string | number }>();
  });
});

describe('queryString', () => {
  it('is empty without values', () => {
    expect(queryString({ a: undefined, b: null })).toBe('');
  });
});
