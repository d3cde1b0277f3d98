import { totpAad } from '@/server/auth/login';
import { verifyPassword } from '@/server/auth/passwords';
import { generateRecoveryCodes, hashRecoveryCode } from '@/server/auth/recovery-codes';
import { createTotpSecret, totpQrDataUrl, totpUri, verifyTotp } from '@/server/auth/totp';
import { getUser, setTotp } from '@/server/auth/users';
import { HttpError } from '@/server/http/errors';
import { decryptSecret, encryptSecret } from '@/server/security/crypto';
import { secretKey } from '@/server/security/keys';
import { getSettings } from '@/server/settings/store';

function currentUser(id: number) {
  const user = getUser(id);
  if (!user) throw new HttpError(401, 'unauthorized', 'Log in to continue');
  return user;
}

/** Starts enrolment: a new secret, kept encrypted and inactive until a code from it is confirmed. */
export async function startTotpEnrolment(
  userId: number,
): Promise<{ secret: string; uri: string; qr: string }> {
  const user = currentUser(userId);
  if (user.totp_enabled) throw new HttpError(409, 'conflict', 'Two-factor authentication is already on');
  const secret = createTotpSecret();
  setTotp(user.id, {
    secret: encryptSecret(secretKey(), secret, totpAad(user.id)),
    enabled: false,
    lastCounter: null,
  });
  const uri = totpUri({ secret, account: user.username });
  return { secret, uri, qr: await totpQrDataUrl(uri) };
}

/** Confirms enrolment with a current code; answers the one-time recovery codes, shown once. */
export function confirmTotpEnrolment(userId: number, code: string): { recoveryCodes: string[] } {
  const user = getUser(userId);
  if (!user?.totp_secret) throw new HttpError(400, 'bad_request', 'Start the two-factor setup first');
  if (user.totp_enabled) throw new HttpError(409, 'conflict', 'Two-factor authentication is already on');
  const result = verifyTotp({
    secret: decryptSecret(secretKey(), user.totp_secret, totpAad(user.id)),
    token: code,
  });
  if (!result.ok) {
    throw new HttpError(400, 'bad_request', 'Invalid request: body.code: that code is not right', [
      { path: 'body.code', message: 'That code is not right: check the time on your phone' },
    ]);
  }
  const codes = generateRecoveryCodes();
  setTotp(user.id, {
    enabled: true,
    lastCounter: result.counter,
    recoveryCodes: codes.map(hashRecoveryCode),
  });
  return { recoveryCodes: codes };
}

/** Turns two-factor off, with the user's password, unless an admin requires it. */
export async function disableTotp(userId: number, password: string): Promise<void> {
  const user = currentUser(userId);
  if (getSettings().require2fa)
    throw new HttpError(409, 'conflict', 'An admin requires two-factor authentication');
  if (!(await verifyPassword(user.password_hash, password))) {
    throw new HttpError(400, 'bad_request', 'Invalid request: body.password: wrong password', [
      { path: 'body.password', message: 'Wrong password' },
    ]);
  }
  setTotp(user.id, { secret: null, enabled: false, lastCounter: null, recoveryCodes: null });
}
