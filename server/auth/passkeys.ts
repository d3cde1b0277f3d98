import { isIP } from 'node:net';
import {
  type AuthenticationResponseJSON,
  generateAuthenticationOptions,
  generateRegistrationOptions,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
} from '@simplewebauthn/server';
import type { PasskeyView } from '@/lib/auth/passkeys';
import { recordAudit } from '@/server/audit/log';
import { type LoginMeta, loginTarget, startSession } from '@/server/auth/login';
import { PasskeyChallenges, registrationKey } from '@/server/auth/passkey-challenges';
import { readCookie } from '@/server/auth/sessions';
import { loginSucceeded, reserveLoginAttempt } from '@/server/auth/throttle';
import { effectiveRole, getUser, type UserRow } from '@/server/auth/users';
import { contextValue } from '@/server/context';
import { db } from '@/server/db';
import { HttpError } from '@/server/http/errors';
import { isAllowedOrigin } from '@/server/http/origin';

interface PasskeyRow {
  id: number;
  user_id: number;
  credential_id: string;
  public_key: Buffer;
  counter: number;
  transports: string | null;
  name: string;
  created_at: number;
  last_used_at: number | null;
}

function challenges(): PasskeyChallenges {
  return contextValue('passkeyChallenges', () => new PasskeyChallenges());
}

const toView = (row: PasskeyRow): PasskeyView => ({
  id: row.id,
  name: row.name,
  createdAt: row.created_at,
  lastUsedAt: row.last_used_at,
});

const transportsOf = (row: PasskeyRow): string[] | undefined =>
  row.transports ? (JSON.parse(row.transports) as string[]) : undefined;

function rowsOf(userId: number): PasskeyRow[] {
  return db()
    .prepare<[number], PasskeyRow>('SELECT * FROM passkeys WHERE user_id = ? ORDER BY created_at, id')
    .all(userId);
}

export function listPasskeys(userId: number): PasskeyView[] {
  return rowsOf(userId).map(toView);
}

/** Renames one of the user's own passkeys; undefined when they have none of that id. */
export function renamePasskey(userId: number, id: number, name: string): PasskeyView | undefined {
  const info = db()
    .prepare('UPDATE passkeys SET name = ? WHERE id = ? AND user_id = ?')
    .run(name, id, userId);
  if (info.changes === 0) return undefined;
  const row = db().prepare<[number], PasskeyRow>('SELECT * FROM passkeys WHERE id = ?').get(id);
  return row && toView(row);
}

/** Removes one of the user's own passkeys; false when they have none of that id (another's is not theirs). */
export function deletePasskey(userId: number, id: number): boolean {
  return db().prepare('DELETE FROM passkeys WHERE id = ? AND user_id = ?').run(id, userId).changes > 0;
}

export interface RelyingParty {
  /** The browser's origin, checked against this host and the trusted origins. */
  origin: string;
  /** WebAuthn binds a passkey to a domain: the origin's host name. */
  rpID: string;
}

/**
 * The relying party for a request: its Origin (a browser sends it with every POST; the route has already
 * refused one that is neither this host nor a trusted origin), else this host. The RP ID is that origin's
 * host name, so a passkey made through a reverse proxy's public name works there. An IP address cannot be an
 * RP ID (WebAuthn requires a domain): refused with what to do instead.
 */
export function relyingParty(req: Request, secure: boolean): RelyingParty {
  const host = req.headers.get('host');
  const origin = req.headers.get('origin') ?? (host ? `${secure ? 'https' : 'http'}://${host}` : null);
  if (!origin || !isAllowedOrigin(origin, host)) {
    throw new HttpError(403, 'forbidden_origin', `Cross-origin request refused (Origin: ${origin})`);
  }
  const url = new URL(origin);
  const hostname = url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(hostname)) {
    throw new HttpError(
      400,
      'bad_request',
      `Passkeys need Berth opened by a host name (such as localhost or berth.example.com), not by an IP address (${hostname}): WebAuthn ties a passkey to a domain`,
    );
  }
  return { origin: url.origin, rpID: hostname };
}

/** Options for a new passkey of the signed-in user; its challenge waits under the user (one at a time). */
export async function registrationOptions(
  user: { id: number; username: string },
  rp: RelyingParty,
): Promise<PublicKeyCredentialCreationOptionsJSON> {
  const options = await generateRegistrationOptions({
    rpName: 'Berth',
    rpID: rp.rpID,
    userName: user.username,
    userID: new TextEncoder().encode(`berth-user-${user.id}`),
    attestationType: 'none',
    // The same authenticator twice would be one passkey listed twice.
    excludeCredentials: rowsOf(user.id).map((r) => ({ id: r.credential_id, transports: transportsOf(r) })),
    // Discoverable, so it signs in without a user name; verification preferred, not required (security keys
    // without a PIN still work).
    authenticatorSelection: { residentKey: 'required', userVerification: 'preferred' },
  });
  challenges().put({ challenge: options.challenge, ...rp, userId: user.id }, registrationKey(user.id));
  return options;
}

/** Checks the authenticator's answer to the user's pending registration and stores the passkey. */
export async function registerPasskey(
  userId: number,
  name: string,
  response: RegistrationResponseJSON,
): Promise<PasskeyView> {
  const pending = challenges().take(registrationKey(userId));
  if (!pending || pending.userId !== userId) {
    throw new HttpError(
      400,
      'bad_request',
      'No passkey registration is waiting (expired or used): start again',
    );
  }
  let credential: { id: string; publicKey: Uint8Array; counter: number; transports?: string[] };
  try {
    const result = await verifyRegistrationResponse({
      response,
      expectedChallenge: pending.challenge,
      expectedOrigin: pending.origin,
      expectedRPID: pending.rpID,
      requireUserVerification: false,
    });
    if (!result.verified) throw new Error('not verified');
    credential = result.registrationInfo.credential;
  } catch (err) {
    throw new HttpError(400, 'bad_request', `The passkey was not accepted: ${(err as Error).message}`);
  }
  const now = Date.now();
  try {
    const info = db()
      .prepare(
        `INSERT INTO passkeys (user_id, credential_id, public_key, counter, transports, name, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        userId,
        credential.id,
        Buffer.from(credential.publicKey),
        credential.counter,
        credential.transports?.length ? JSON.stringify(credential.transports) : null,
        name,
        now,
      );
    return { id: Number(info.lastInsertRowid), name, createdAt: now, lastUsedAt: null };
  } catch (err) {
    if (/UNIQUE/.test((err as Error).message)) {
      throw new HttpError(409, 'conflict', 'This passkey is already registered');
    }
    throw err;
  }
}

/** The cookie that binds a sign-in challenge to the browser that asked for it. */
export const PASSKEY_COOKIE = 'berth_passkey';
const COOKIE_PATH = '/api/auth/passkeys/login';

export function passkeyCookie(value: string, opts: { secure: boolean; maxAgeSeconds: number }): string {
  return [
    `${PASSKEY_COOKIE}=${value}`,
    `Path=${COOKIE_PATH}`,
    'HttpOnly',
    'SameSite=Strict',
    `Max-Age=${Math.max(0, Math.floor(opts.maxAgeSeconds))}`,
    ...(opts.secure ? ['Secure'] : []),
  ].join('; ');
}

/** Options for a usernameless sign-in (the authenticator offers its discoverable passkeys for this RP). */
export async function authenticationOptions(
  rp: RelyingParty,
): Promise<{ options: PublicKeyCredentialRequestOptionsJSON; key: string }> {
  const options = await generateAuthenticationOptions({ rpID: rp.rpID, userVerification: 'preferred' });
  const key = challenges().put({ challenge: options.challenge, ...rp, userId: null });
  return { options, key };
}

/**
 * Signs in with a passkey: the challenge this browser's cookie names (taken, so never twice), the credential
 * found by its id, the signature and counter checked by the library. Throttled as password logins are, under
 * the account the passkey belongs to; a Berth session like any other.
 */
export async function loginWithPasskey(
  cookieHeader: string | null,
  response: AuthenticationResponseJSON,
  meta: LoginMeta,
): Promise<{ user: UserRow; setCookie: string }> {
  const key = readCookie(cookieHeader, PASSKEY_COOKIE);
  const pending = key ? challenges().take(key) : undefined;
  const row = db()
    .prepare<[string], PasskeyRow>('SELECT * FROM passkeys WHERE credential_id = ?')
    .get(response.id);
  const user = row ? getUser(row.user_id) : undefined;
  const account = user?.username ?? 'passkey';
  await reserveLoginAttempt(meta.ip, account);

  const fail = (reason: string, message = 'The passkey was not accepted'): never => {
    recordAudit({
      user: user ? { id: user.id, username: user.username, role: effectiveRole(user) } : null,
      username: user ? null : 'passkey',
      ip: meta.ip,
      action: 'auth.login',
      target: loginTarget(user?.username ?? response.id.slice(0, 64), 'passkey'),
      result: 'error',
      error: reason,
    });
    throw new HttpError(401, 'unauthorized', message);
  };

  if (!pending || pending.userId !== null) {
    return fail('no pending challenge', 'The passkey sign-in expired or was already used: try again');
  }
  if (!row || !user) return fail('unknown passkey');
  if (user.disabled) return fail('account disabled');
  let newCounter: number;
  try {
    const result = await verifyAuthenticationResponse({
      response,
      expectedChallenge: pending.challenge,
      expectedOrigin: pending.origin,
      expectedRPID: pending.rpID,
      credential: {
        id: row.credential_id,
        publicKey: new Uint8Array(row.public_key),
        counter: row.counter,
        transports: transportsOf(row),
      },
      requireUserVerification: false,
    });
    if (!result.verified) return fail('signature not verified');
    newCounter = result.authenticationInfo.newCounter;
  } catch (err) {
    return fail((err as Error).message);
  }
  db()
    .prepare('UPDATE passkeys SET counter = ?, last_used_at = ? WHERE id = ?')
    .run(newCounter, Date.now(), row.id);
  await loginSucceeded(meta.ip, account);
  return startSession(user, meta, 'passkey');
}
