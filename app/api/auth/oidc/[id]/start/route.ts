import { z } from 'zod';
import { oidcApi } from '@/lib/api/oidc';
import { oidcProviderParams } from '@/lib/auth/oidc';
import { safeNext } from '@/lib/http/next';
import { clientIp } from '@/server/auth/guard';
import { isSecureRequest } from '@/server/auth/login';
import { auditOidcFailure, startOidcLogin } from '@/server/auth/oidc/flow';
import { loginErrorLocation, oidcCookie, requestOrigin } from '@/server/auth/oidc/http';
import { classifyOidcError } from '@/server/auth/oidc/map';
import { PENDING_TTL_MS } from '@/server/auth/oidc/state';
import { route } from '@/server/http/route';

const NO_STORE = { 'cache-control': 'no-store' };

/**
 * Public navigation from the login page's button: a pending sign-in bound to this browser by a cookie, and a
 * redirect to the provider. A provider that is down or misconfigured ends on the login page saying so.
 */
export const GET = route({
  endpoint: oidcApi.start,
  permission: 'public',
  params: oidcProviderParams,
  query: z.object({ next: z.string().max(2048).optional() }),
  handler: async ({ req, params, query }) => {
    try {
      const { url, key } = await startOidcLogin(params.id, requestOrigin(req), safeNext(query.next));
      const headers = new Headers({ location: url, ...NO_STORE });
      headers.append(
        'set-cookie',
        oidcCookie(key, { secure: isSecureRequest(req), maxAgeSeconds: PENDING_TTL_MS / 1000 }),
      );
      return new Response(null, { status: 302, headers });
    } catch (err) {
      const failure = classifyOidcError(err);
      auditOidcFailure(params.id, null, { ip: clientIp(req) ?? 'unknown' }, failure.code, failure.message);
      return new Response(null, {
        status: 302,
        headers: { location: loginErrorLocation(failure.code, params.id), ...NO_STORE },
      });
    }
  },
});
