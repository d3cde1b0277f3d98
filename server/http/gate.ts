/**
 * The outer gate in front of Next.js, in the custom server: an anonymous caller gets nothing but the login
 * and setup pages, static assets and the public API routes. Route handlers check again (server/http/route.ts):
 * this gate exists so pages, not only APIs, are closed, and it never relies on Next.js middleware.
 */
const PUBLIC_EXACT = new Set([
  '/login',
  '/setup',
  '/favicon.ico',
  '/icon.svg',
  '/api/health',
  '/api/auth/login',
  '/api/auth/setup',
  '/api/auth/status',
  '/api/auth/passkeys/login/options',
  '/api/auth/passkeys/login/verify',
  '/api/auth/oidc/providers',
  // Not anonymous: the Prometheus scrape token is checked by its route (app/metrics/route.ts), not a session.
  '/metrics',
]);

/** An OIDC sign-in's start (the login page's button) and the provider's way back: `/api/auth/oidc/<id>/…`. */
const PUBLIC_OIDC = /^\/api\/auth\/oidc\/[a-z0-9-]{1,64}\/(start|callback)$/;

export type GateDecision = 'pass' | 'unauthorized' | 'login';

export function isPublicPath(pathname: string, dev: boolean): boolean {
  if (PUBLIC_EXACT.has(pathname)) return true;
  if (PUBLIC_OIDC.test(pathname)) return true;
  if (pathname.startsWith('/_next/static/')) return true;
  // Dev-only endpoints (HMR, error overlay) of `next dev`.
  if (dev && (pathname.startsWith('/_next/') || pathname.startsWith('/__nextjs'))) return true;
  return false;
}

export function gate(pathname: string, authenticated: boolean, dev: boolean): GateDecision {
  if (authenticated || isPublicPath(pathname, dev)) return 'pass';
  return pathname.startsWith('/api/') ? 'unauthorized' : 'login';
}

/**
 * Longer than this, the page to return to is not kept: the Location header would echo (and, encoded, grow) a
 * path of up to the request's 16 KiB header limit, past what clients and reverse proxies read (found by fuzzing:
 * Node's client refuses a header over 16 KiB; nginx answers 502 for one over its proxy buffer).
 */
export const MAX_NEXT_LENGTH = 2048;

/** Where an anonymous page request goes: the login page, with the page to return to when it is not too long. */
export function loginLocation(pathAndQuery: string): string {
  const next = encodeURIComponent(pathAndQuery);
  return next.length > MAX_NEXT_LENGTH ? '/login' : `/login?next=${next}`;
}

export { safeNext } from '@/lib/http/next';
