import { oidcApi } from '@/lib/api/oidc';
import { oidcProviderParams } from '@/lib/auth/oidc';
import { clientIp } from '@/server/auth/guard';
import { isSecureRequest } from '@/server/auth/login';
import { finishOidcLogin } from '@/server/auth/oidc/flow';
import { continuePage, loginErrorLocation, OIDC_COOKIE, oidcCookie } from '@/server/auth/oidc/http';
import { classifyOidcError } from '@/server/auth/oidc/map';
import { readCookie } from '@/server/auth/sessions';
import { route } from '@/server/http/route';

/**
 * Public: where the provider sends the browser back. Success sets the Berth session and moves on to the page
 * the sign-in started from; any failure (audited by the flow) ends on the login page with what to fix.
 */
export const GET = route({
  endpoint: oidcApi.callback,
  permission: 'public',
  params: oidcProviderParams,
  handler: async ({ req, params }) => {
    const secure = isSecureRequest(req);
    const headers = new Headers({ 'cache-control': 'no-store' });
    // The pending record is single-use: its cookie goes whatever happens.
    headers.append('set-cookie', oidcCookie('', { secure, maxAgeSeconds: 0 }));
    try {
      const { setCookie, next } = await finishOidcLogin(
        params.id,
        new URL(req.url),
        readCookie(req.headers.get('cookie'), OIDC_COOKIE),
        { ip: clientIp(req) ?? 'unknown', userAgent: req.headers.get('user-agent'), secure },
      );
      headers.append('set-cookie', setCookie);
      headers.set('content-type', 'text/html; charset=utf-8');
      return new Response(continuePage(next), { status: 200, headers });
    } catch (err) {
      headers.set('location', loginErrorLocation(classifyOidcError(err).code, params.id));
      return new Response(null, { status: 302, headers });
    }
  },
});
