import { authApi } from '@/lib/api/auth';
import { isSecureRequest } from '@/server/auth/login';
import { sessionCookie } from '@/server/auth/sessions';
import { revokeUser } from '@/server/auth/users';
import { route } from '@/server/http/route';

/** "Log out everywhere": every session of the caller ends, and their open sockets with them. */
export const POST = route({
  endpoint: authApi.logoutAll,
  permission: 'self',
  audit: { action: 'auth.logout-all' },
  handler: async ({ req, principal }) => {
    if (principal.kind === 'user') revokeUser(principal.user.id);
    return new Response(null, {
      status: 204,
      headers: { 'set-cookie': sessionCookie('', { secure: isSecureRequest(req), maxAgeSeconds: 0 }) },
    });
  },
});
