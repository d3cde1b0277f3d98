import { passkeysApi } from '@/lib/api/passkeys';
import { isSecureRequest } from '@/server/auth/login';
import { CHALLENGE_TTL_MS } from '@/server/auth/passkey-challenges';
import { authenticationOptions, passkeyCookie, relyingParty } from '@/server/auth/passkeys';
import { route } from '@/server/http/route';

export const POST = route({
  endpoint: passkeysApi.loginOptions,
  permission: 'public',
  audit: false, // only a challenge: the sign-in is logged when it is verified
  handler: async ({ req }) => {
    const secure = isSecureRequest(req);
    const { options, key } = await authenticationOptions(relyingParty(req, secure));
    return Response.json(options, {
      headers: { 'set-cookie': passkeyCookie(key, { secure, maxAgeSeconds: CHALLENGE_TTL_MS / 1000 }) },
    });
  },
});
