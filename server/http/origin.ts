import { readCookie, SESSION_COOKIE } from '@/server/auth/sessions';
import { config } from '@/server/config';
import { HttpError } from '@/server/http/errors';
import { getSettings } from '@/server/settings/store';

/**
 * Cross-site request forgery guard for mutations: a browser always sends Origin on POST/PUT/PATCH/DELETE,
 * so an Origin that is neither this host nor a trusted origin (a reverse proxy's public name) is refused.
 * Requests without Origin come from non-browser clients (curl, scripts).
 */
export function isAllowedOrigin(origin: string | null | undefined, host: string | null | undefined): boolean {
  if (!origin) return true;
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    return false;
  }
  if (host && originHost === host) return true;
  const trusted = [...config.trustedOrigins, ...getSettings().trustedOrigins];
  return trusted.some((t) => t === origin || safeHost(t) === originHost);
}

/**
 * A mutation without Origin is a browser's only when Sec-Fetch-Site says same-origin; otherwise it must not ride
 * on the session cookie (an old browser, a plugin, a proxy that strips Origin). Callers without a cookie (API
 * tokens, the login form of a script) carry no ambient credential, so there is nothing to forge.
 */
function sameOriginWithoutOrigin(req: Request): boolean {
  if (req.headers.get('sec-fetch-site') === 'same-origin') return true;
  if (readCookie(req.headers.get('cookie'), SESSION_COOKIE) === null) return true;
  return /^bearer\s/i.test(req.headers.get('authorization') ?? '');
}

function safeHost(url: string): string | null {
  try {
    return new URL(url).host;
  } catch {
    return null;
  }
}

export function checkOrigin(req: Request): void {
  const origin = req.headers.get('origin');
  if (!origin && !sameOriginWithoutOrigin(req)) {
    throw new HttpError(
      403,
      'forbidden_origin',
      'A browser session must send Origin with changes; scripts use an API token (Authorization: Bearer)',
    );
  }
  // Host, not X-Forwarded-Host (a client can send that): a reverse proxy's public name goes in trusted origins.
  const host = req.headers.get('host');
  if (!isAllowedOrigin(origin, host)) {
    throw new HttpError(403, 'forbidden_origin', `Cross-origin request refused (Origin: ${origin})`);
  }
}
