import { authApi } from '@/lib/api/auth';
import { loginSchema } from '@/lib/auth/schemas';
import { clientIp } from '@/server/auth/guard';
import { isSecureRequest, login } from '@/server/auth/login';
import { toSessionUser } from '@/server/auth/users';
import { route } from '@/server/http/route';

export const POST = route({
  endpoint: authApi.login,
  permission: 'public',
  body: loginSchema,
  audit: false, // login writes its own entries, with the name that was tried
  handler: async ({ req, body }) => {
    const { user, setCookie } = await login(body, {
      ip: clientIp(req) ?? 'unknown',
      userAgent: req.headers.get('user-agent'),
      secure: isSecureRequest(req),
    });
    return Response.json({ user: toSessionUser(user) }, { headers: { 'set-cookie': setCookie } });
  },
});
