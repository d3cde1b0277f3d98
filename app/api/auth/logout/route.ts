import { authApi } from '@/lib/api/auth';
import { isSecureRequest } from '@/server/auth/login';
import { revokeSessionHash, sessionCookie } from '@/server/auth/sessions';
import { route } from '@/server/http/route';

export const POST = route({
  endpoint: authApi.logout,
  permission: 'self',
  audit: { action: 'auth.logout' },
  handler: async ({ req, principal }) => {
    if (principal.kind === 'user' && principal.via === 'session') revokeSessionHash(principal.sessionHash);
    return new Response(null, {
      status: 204,
      headers: { 'set-cookie': sessionCookie('', { secure: isSecureRequest(req), maxAgeSeconds: 0 }) },
    });
  },
});
