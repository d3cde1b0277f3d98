import { passkeysApi } from '@/lib/api/passkeys';
import { loginVerifySchema } from '@/lib/auth/passkeys';
import { clientIp } from '@/server/auth/guard';
import { isSecureRequest } from '@/server/auth/login';
import { loginWithPasskey, passkeyCookie } from '@/server/auth/passkeys';
import { toSessionUser } from '@/server/auth/users';
import { route } from '@/server/http/route';

export const POST = route({
  endpoint: passkeysApi.loginVerify,
  permission: 'public',
  body: loginVerifySchema,
  audit: false, // the sign-in writes its own entries, with the method
  handler: async ({ req, body }) => {
    const secure = isSecureRequest(req);
    const { user, setCookie } = await loginWithPasskey(req.headers.get('cookie'), body.response, {
      ip: clientIp(req) ?? 'unknown',
      userAgent: req.headers.get('user-agent'),
      secure,
    });
    const headers = new Headers({ 'set-cookie': setCookie });
    headers.append('set-cookie', passkeyCookie('', { secure, maxAgeSeconds: 0 }));
    return Response.json({ user: toSessionUser(user) }, { headers });
  },
});
