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

function safeHost(url: string): string | null {
  try {
    return new URL(url).host;
  } catch {
    return null;
  }
}

export function checkOrigin(req: Request): void {
  const origin = req.headers.get('origin');
  // Host, not X-Forwarded-Host (a client can send that): a reverse proxy's public name goes in trusted origins.
  const host = req.headers.get('host');
  if (!isAllowedOrigin(origin, host)) {
    throw new HttpError(403, 'forbidden_origin', `Cross-origin request refused (Origin: ${origin})`);
  }
}
