import { isOidcErrorCode, type OidcErrorCode } from '@/lib/auth/oidc';
import { isSecureRequest } from '@/server/auth/login';

/** Binds a pending sign-in to the browser that started it; only the callback path ever receives it. */
export const OIDC_COOKIE = 'berth_oidc';
const COOKIE_PATH = '/api/auth/oidc';

/**
 * Lax, not Strict like the session cookie: the provider sends the browser back with a cross-site top-level
 * navigation, on which a Strict cookie is withheld. It is useless to anyone else: the record it names is taken
 * once and needs the provider's code for the same state.
 */
export function oidcCookie(value: string, opts: { secure: boolean; maxAgeSeconds: number }): string {
  return [
    `${OIDC_COOKIE}=${value}`,
    `Path=${COOKIE_PATH}`,
    'HttpOnly',
    'SameSite=Lax',
    `Max-Age=${Math.max(0, Math.floor(opts.maxAgeSeconds))}`,
    ...(opts.secure ? ['Secure'] : []),
  ].join('; ');
}

/**
 * The origin the browser reached Berth at: Host (not X-Forwarded-Host, which any client can send) and the
 * scheme the request or its TLS-terminating proxy says. The redirect URI is built from it, so the admin
 * registers what the settings page shows when opened at the public address.
 */
export function requestOrigin(req: Request): string {
  const host = req.headers.get('host') ?? new URL(req.url).host;
  return `${isSecureRequest(req) ? 'https' : 'http'}://${host}`;
}

/** Where a failed sign-in ends: the login page, which says what to fix for this code. */
export function loginErrorLocation(code: OidcErrorCode, provider: string): string {
  const q = new URLSearchParams({ oidcError: isOidcErrorCode(code) ? code : 'failed', provider });
  return `/login?${q.toString()}`;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * The callback's answer on success: a page that moves on to the Berth path. Not a redirect, because the
 * request came from the provider's site: in a redirect chain that started cross-site a browser may withhold the
 * Strict session cookie just set, while a navigation this page starts is same-site.
 */
export function continuePage(next: string): string {
  const href = escapeHtml(next);
  return `<!doctype html><html><head><meta charset="utf-8"><meta http-equiv="refresh" content="0;url=${href}"><title>Berth</title></head><body><a href="${href}">${href}</a></body></html>`;
}
