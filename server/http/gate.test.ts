import { describe, expect, it } from 'vitest';
import { gate, loginLocation, MAX_NEXT_LENGTH, safeNext } from '@/server/http/gate';

describe('the outer gate', () => {
  it('serves login, setup, health and static assets to anyone', () => {
    for (const p of ['/login', '/setup', '/api/health', '/api/auth/login', '/_next/static/chunks/a.js']) {
      expect(gate(p, false, false), p).toBe('pass');
    }
  });

  it('serves the OIDC sign-in start, callback and button list to anyone, nothing else of /api/auth/oidc', () => {
    for (const p of [
      '/api/auth/oidc/providers',
      '/api/auth/oidc/corp/start',
      '/api/auth/oidc/env/callback',
    ]) {
      expect(gate(p, false, false), p).toBe('pass');
    }
    for (const p of [
      '/api/auth/oidc',
      '/api/auth/oidc/corp',
      '/api/auth/oidc/discover',
      '/api/auth/oidc/a/b/start',
    ]) {
      expect(gate(p, false, false), p).toBe('unauthorized');
    }
  });

  it('answers 401 for any other API path and sends pages to the login page', () => {
    expect(gate('/api/containers', false, false)).toBe('unauthorized');
    expect(gate('/api/healthz', false, false)).toBe('unauthorized');
    expect(gate('/containers', false, false)).toBe('login');
    expect(gate('/', false, false)).toBe('login');
    expect(gate('/_next/data/x.json', false, false)).toBe('login');
  });

  it('opens the dev server internals only in development', () => {
    expect(gate('/_next/webpack-hmr', false, true)).toBe('pass');
    expect(gate('/_next/webpack-hmr', false, false)).toBe('login');
  });

  it('lets an authenticated caller through', () => {
    expect(gate('/api/containers', true, false)).toBe('pass');
  });

  it('only redirects back to paths of this site', () => {
    expect(safeNext('/containers?state=running')).toBe('/containers?state=running');
    expect(safeNext('//evil.example/x')).toBe('/');
    expect(safeNext('https://evil.example')).toBe('/');
    expect(safeNext('/\\evil.example')).toBe('/');
    expect(safeNext(null)).toBe('/');
  });

  it('refuses a next= that tabs or newlines turn into another origin (found by fuzzing)', () => {
    // The URL parser drops them: `/\t/evil.example` is read as `//evil.example`.
    for (const raw of ['/\t/evil.example', '/\n/evil.example', '/\r\n/evil.example', '/\r/', '/\u0000/x']) {
      expect(safeNext(raw), JSON.stringify(raw)).toBe('/');
    }
    expect(safeNext('/containers/a b?x=%0A')).toBe('/containers/a b?x=%0A');
  });

  it('sends a page to the login page with next=, but drops a next= too long for a Location header (found by fuzzing)', () => {
    expect(loginLocation('/containers?state=running')).toBe(
      `/login?next=${encodeURIComponent('/containers?state=running')}`,
    );
    const long = `/${'x'.repeat(MAX_NEXT_LENGTH)}`;
    expect(loginLocation(long)).toBe('/login');
    // Encoding grows a path threefold: what counts is the header's length, not the path's.
    const encodedLong = `/${'%2e'.repeat(MAX_NEXT_LENGTH / 3)}`;
    expect(loginLocation(encodedLong)).toBe('/login');
  });
});
