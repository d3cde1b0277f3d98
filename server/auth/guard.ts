import { can, PERMISSIONS, type Permission, roleFor, type SessionUser } from '@/lib/auth/roles';
import { LOCAL_ENVIRONMENT } from '@/lib/environments/types';
import { viewerAccessSettingFor, viewerGrants } from '@/lib/settings/viewer-access';
import { resolveApiToken } from '@/server/auth/api-tokens';
import { readCookie, resolveSession, SESSION_COOKIE } from '@/server/auth/sessions';
import { toSessionUser } from '@/server/auth/users';
import { currentEnvironment } from '@/server/docker/client';
import { HttpError } from '@/server/http/errors';
import { getSettings } from '@/server/settings/store';

export type Principal =
  | { kind: 'anonymous' }
  | { kind: 'user'; user: SessionUser; via: 'session'; sessionHash: string }
  | { kind: 'user'; user: SessionUser; via: 'token'; tokenId: number };

export type UserPrincipal = Extract<Principal, { kind: 'user' }>;

export interface CredentialHeaders {
  cookie?: string | null;
  authorization?: string | null;
  /** The client address, recorded as an API token's last use. */
  ip?: string | null;
}

/** Who is calling: a session cookie, or an API token as `Authorization: Bearer`. Never throws. */
export function authenticate(headers: CredentialHeaders, now = Date.now()): Principal {
  const auth = headers.authorization ?? '';
  if (auth.toLowerCase().startsWith('bearer ')) {
    const found = resolveApiToken(auth.slice(7).trim(), now, headers.ip ?? null);
    return found
      ? { kind: 'user', user: toSessionUser(found.user), via: 'token', tokenId: found.tokenId }
      : { kind: 'anonymous' };
  }
  const sid = readCookie(headers.cookie, SESSION_COOKIE);
  if (!sid) return { kind: 'anonymous' };
  const session = resolveSession(sid, getSettings().sessions, now);
  if (!session) return { kind: 'anonymous' };
  return { kind: 'user', user: toSessionUser(session.user), via: 'session', sessionHash: session.hash };
}

/**
 * The one authorization decision, for HTTP routes and socket events alike: 401 for anonymous callers,
 * 403 naming the role for what the role cannot do, and 403 `totp_required` while an admin-required second
 * factor (TOTP or a passkey) is not set up (only the caller's own account routes stay open, so they can enrol).
 */
export function authorize(principal: Principal, permission: Permission | 'public'): Principal {
  if (permission === 'public') return principal;
  if (principal.kind === 'anonymous') throw new HttpError(401, 'unauthorized', 'Log in to continue');
  if (
    permission !== 'self' &&
    getSettings().require2fa &&
    !principal.user.totpEnabled &&
    !principal.user.hasPasskey
  ) {
    throw new HttpError(
      403,
      'totp_required',
      'Two-factor authentication is required: set it up on your account page',
    );
  }
  const env = currentEnvironment();
  if (!holds(principal.user, permission, env)) {
    const role = roleFor(principal.user, permission, env);
    const setting = role === 'viewer' ? viewerAccessSettingFor(permission) : undefined;
    const whose =
      role === principal.user.role ? `Your role (${role})` : `Your role on environment ${env} (${role})`;
    throw new HttpError(
      403,
      'forbidden',
      setting
        ? `${whose} does not allow this (${permission}): an admin can allow it under Settings, What viewers may see (viewerAccess.${setting})`
        : `${whose} does not allow this (${permission})`,
    );
  }
  return principal;
}

/**
 * What the user may do on `env`: their role's permissions there, and for a viewer those the admin settings
 * grant (settings.viewerAccess).
 */
export function effectivePermissions(user: SessionUser, env = LOCAL_ENVIRONMENT): Permission[] {
  return PERMISSIONS.filter((p) => holds(user, p, env));
}

/** Where a team's role per environment changes what the user may do: environment → permissions there. */
export function environmentPermissions(user: SessionUser): Record<string, Permission[]> {
  return Object.fromEntries(
    Object.keys(user.environmentRoles ?? {}).map((env) => [env, effectivePermissions(user, env)]),
  );
}

/**
 * Whether the user may do `permission` on `env` (the environment the current request is about): the one check
 * behind authorize() and per-field masking. Engine permissions follow the user's role on that environment.
 */
export function holds(user: SessionUser, permission: Permission, env = currentEnvironment()): boolean {
  const role = roleFor(user, permission, env);
  if (can(role, permission)) return true;
  return role === 'viewer' && viewerGrants(getSettings().viewerAccess).includes(permission);
}

export function requestCredentials(req: Request): CredentialHeaders {
  return {
    cookie: req.headers.get('cookie'),
    authorization: req.headers.get('authorization'),
    ip: clientIp(req),
  };
}

/** Set by server/index.ts from the socket's address, overwriting anything the client sent. */
export const CLIENT_IP_HEADER = 'x-berth-client-ip';

export function clientIp(req: Request): string | null {
  return req.headers.get(CLIENT_IP_HEADER);
}

/** For handlers behind a non-public permission, where the wrapper has already refused anonymous callers. */
export function asUser(principal: Principal): UserPrincipal {
  if (principal.kind !== 'user') throw new HttpError(401, 'unauthorized', 'Log in to continue');
  return principal;
}
