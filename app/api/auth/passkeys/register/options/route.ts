import { passkeysApi } from '@/lib/api/passkeys';
import { asUser } from '@/server/auth/guard';
import { isSecureRequest } from '@/server/auth/login';
import { registrationOptions, relyingParty } from '@/server/auth/passkeys';
import { route } from '@/server/http/route';

export const POST = route({
  endpoint: passkeysApi.registerOptions,
  permission: 'self',
  audit: false, // only a challenge: the registration itself is logged when it is verified
  handler: async ({ req, principal }) =>
    registrationOptions(asUser(principal).user, relyingParty(req, isSecureRequest(req))),
});
