import { authApi } from '@/lib/api/auth';
import { totpAad } from '@/server/auth/login';
import { createTotpSecret, totpQrDataUrl, totpUri } from '@/server/auth/totp';
import { getUser, setTotp } from '@/server/auth/users';
import { HttpError } from '@/server/http/errors';
import { route } from '@/server/http/route';
import { encryptSecret } from '@/server/security/crypto';
import { secretKey } from '@/server/security/keys';

/** Starts enrolment: a new secret, kept encrypted and inactive until a code from it is confirmed. */
export const POST = route({
  endpoint: authApi.totpSetup,
  permission: 'self',
  audit: { action: 'auth.totp-setup' },
  handler: async ({ principal }) => {
    const user = principal.kind === 'user' ? getUser(principal.user.id) : undefined;
    if (!user) throw new HttpError(401, 'unauthorized', 'Log in to continue');
    if (user.totp_enabled) throw new HttpError(409, 'conflict', 'Two-factor authentication is already on');
    const secret = createTotpSecret();
    setTotp(user.id, {
      secret: encryptSecret(secretKey(), secret, totpAad(user.id)),
      enabled: false,
      lastCounter: null,
    });
    const uri = totpUri({ secret, account: user.username });
    return { secret, uri, qr: await totpQrDataUrl(uri) };
  },
});
