import { authApi } from '@/lib/api/auth';
import { setupSchema } from '@/lib/auth/schemas';
import { recordAudit } from '@/server/audit/log';
import { clientIp } from '@/server/auth/guard';
import { isSecureRequest } from '@/server/auth/login';
import { createSession, sessionCookie } from '@/server/auth/sessions';
import { completeSetup } from '@/server/auth/setup';
import { toSessionUser } from '@/server/auth/users';
import { route } from '@/server/http/route';
import { getSettings } from '@/server/settings/store';

export const POST = route({
  endpoint: authApi.setup,
  permission: 'public',
  body: setupSchema,
  audit: { action: 'auth.setup', target: ({ body }) => body.username },
  handler: async ({ req, body }) => {
    const user = await completeSetup(body);
    const lifetimes = getSettings().sessions;
    const ip = clientIp(req);
    const session = createSession(user.id, { ip, userAgent: req.headers.get('user-agent') }, lifetimes);
    recordAudit({
      user: { id: user.id, username: user.username, role: 'admin' },
      ip,
      action: 'auth.login',
      target: user.username,
      result: 'ok',
    });
    const cookie = sessionCookie(session.id, {
      secure: isSecureRequest(req),
      maxAgeSeconds: lifetimes.absoluteHours * 3600,
    });
    return Response.json({ user: toSessionUser(user) }, { status: 201, headers: { 'set-cookie': cookie } });
  },
});
