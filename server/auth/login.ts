import { LDAP_PROVIDER } from '@/lib/auth/ldap';
import { recordAudit } from '@/server/audit/log';
import { directoryHandles, signInWithDirectory } from '@/server/auth/ldap';
import { burnVerify, verifyPassword } from '@/server/auth/passwords';
import { findRecoveryCode } from '@/server/auth/recovery-codes';
import { createSession, sessionCookie } from '@/server/auth/sessions';
import { loginSucceeded, refundLoginAttempt, reserveLoginAttempt } from '@/server/auth/throttle';
import { verifyTotp } from '@/server/auth/totp';
import { effectiveRole, findUserByName, isExternalUser, setTotp, type UserRow } from '@/server/auth/users';
import { HttpError } from '@/server/http/errors';
import { decryptSecret } from '@/server/security/crypto';
import { secretKey } from '@/server/security/keys';
import { getSettings } from '@/server/settings/store';

export interface LoginInput {
  username: string;
  password: string;
  totp?: string;
  recoveryCode?: string;
}

export interface LoginMeta {
  ip: string;
  userAgent: string | null;
  secure: boolean;
}

/** One message for an unknown user and a wrong password, so the answer tells nobody which names exist. */
const INVALID = 'Invalid username or password';

export const totpAad = (userId: number) => `totp:${userId}`;

export async function login(
  input: LoginInput,
  meta: LoginMeta,
): Promise<{ user: UserRow; setCookie: string }> {
  await reserveLoginAttempt(meta.ip, input.username);
  const auditFailure = (user: UserRow | undefined, reason: string) =>
    recordAudit({
      user: user ? { id: user.id, username: user.username, role: effectiveRole(user) } : null,
      username: input.username.slice(0, 100),
      ip: meta.ip,
      action: 'auth.login',
      target: input.username.slice(0, 100),
      result: 'error',
      error: reason,
    });
  const fail = async (user: UserRow | undefined, reason: string): Promise<never> => {
    auditFailure(user, reason);
    throw new HttpError(401, 'unauthorized', reason === 'two-factor' ? 'Invalid two-factor code' : INVALID);
  };

  const found = findUserByName(input.username.trim());
  let user: UserRow;
  let method: LoginMethod = 'password';
  if (directoryHandles(found)) {
    // LDAP (server/auth/ldap.ts): the directory checks the password; the rest (second factor, throttle) as below.
    const outcome = await signInWithDirectory(input.username.trim(), input.password).catch((err: unknown) => {
      auditFailure(found, err instanceof HttpError ? `ldap: ${err.message}` : 'ldap: account');
      throw err;
    });
    if (!outcome.ok) {
      if (outcome.kind === 'invalid') return fail(found, outcome.reason);
      // The directory is down or misconfigured: not the person's failure, and not a reason to say who exists.
      auditFailure(found, outcome.reason);
      await refundLoginAttempt(meta.ip, input.username);
      throw new HttpError(
        503,
        'ldap_unavailable',
        'The directory could not check your password: ask an admin',
      );
    }
    user = outcome.user;
    method = `ldap:${LDAP_PROVIDER}`;
  } else {
    if (!found || found.disabled) {
      await burnVerify(input.password);
      return fail(found, found ? 'account disabled' : 'unknown user');
    }
    user = found;
    if (!(await verifyPassword(user.password_hash, input.password))) return fail(user, 'wrong password');
    if (!passwordSignInAllowed(user)) {
      auditFailure(user, 'password sign-in off');
      throw new HttpError(
        403,
        'password_sign_in_off',
        "Password sign-in is turned off for this account: use your organisation's sign-in",
      );
    }
  }

  if (user.totp_enabled && user.totp_secret) {
    if (input.recoveryCode) {
      const hashes: string[] = JSON.parse(user.recovery_codes ?? '[]');
      const index = findRecoveryCode(hashes, input.recoveryCode);
      if (index < 0) return fail(user, 'two-factor');
      hashes.splice(index, 1);
      setTotp(user.id, { recoveryCodes: hashes });
    } else if (input.totp) {
      const secret = readTotpSecret(user.id, user.totp_secret);
      if (secret === null) {
        recordAudit({
          user: { id: user.id, username: user.username, role: effectiveRole(user) },
          ip: meta.ip,
          action: 'auth.login',
          target: user.username,
          result: 'error',
          error: 'two-factor secret unreadable with this key',
        });
        // Not a wrong code: no code can succeed. Say why and what still works (recovery codes are hashes).
        throw new HttpError(
          401,
          'totp_unreadable',
          "This account's two-factor secret cannot be read with this install's key (was Berth restored " +
            'without secret.key?). Sign in with a recovery code and set up two-factor again, or restore the key.',
        );
      }
      const result = verifyTotp({ secret, token: input.totp, lastUsedCounter: user.totp_last_counter });
      if (!result.ok) return fail(user, 'two-factor');
      setTotp(user.id, { lastCounter: result.counter });
    } else {
      // The password was right: ask for the second factor without counting a failure.
      await refundLoginAttempt(meta.ip, input.username);
      throw new HttpError(401, 'totp_required', 'Enter the 6-digit code from your authenticator app');
    }
  }

  await loginSucceeded(meta.ip, input.username);
  return startSession(user, meta, method);
}

/** How a sign-in was proven: the audit entry says it (a password entry keeps the bare name it always had). */
export type LoginMethod = 'password' | 'passkey' | `oidc:${string}` | `ldap:${string}`;

export const loginTarget = (username: string, method: LoginMethod) =>
  method === 'password' ? username : `${username} (${method})`;

/**
 * Whether a Berth password may sign this account in. An admin may turn password sign-in off for everyone but
 * local admins (the break-glass accounts that keep working when the identity provider is down).
 */
export function passwordSignInAllowed(user: Pick<UserRow, 'id' | 'role'>): boolean {
  if (getSettings().signIn.passwords === 'everyone') return true;
  return user.role === 'admin' && !isExternalUser(user.id);
}

/** A Berth session for a user whose sign-in succeeded, whatever proved it: same lifetime, same audit entry. */
export function startSession(
  user: UserRow,
  meta: LoginMeta,
  method: LoginMethod,
): { user: UserRow; setCookie: string } {
  const lifetimes = getSettings().sessions;
  const session = createSession(user.id, { ip: meta.ip, userAgent: meta.userAgent }, lifetimes);
  recordAudit({
    user: { id: user.id, username: user.username, role: effectiveRole(user) },
    ip: meta.ip,
    action: 'auth.login',
    target: loginTarget(user.username, method),
    result: 'ok',
  });
  return {
    user,
    setCookie: sessionCookie(session.id, {
      secure: meta.secure,
      maxAgeSeconds: lifetimes.absoluteHours * 3600,
    }),
  };
}

/** The TOTP secret, or null when this install's key cannot decrypt it (a restore without secret.key). */
function readTotpSecret(userId: number, stored: string): string | null {
  try {
    return decryptSecret(secretKey(), stored, totpAad(userId));
  } catch {
    return null;
  }
}

export function isSecureRequest(req: Request): boolean {
  return new URL(req.url).protocol === 'https:' || req.headers.get('x-forwarded-proto') === 'https';
}
