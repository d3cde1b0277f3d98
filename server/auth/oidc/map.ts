import type { OidcErrorCode } from '@/lib/auth/oidc';
import type { ExternalProfile } from '@/server/auth/external';
import type { OidcProviderConfig } from '@/server/auth/oidc/env';
import { HttpError } from '@/server/http/errors';

/** A sign-in through a provider that ended without a session: a code for the login page, a detail for the log. */
export class OidcFailure extends Error {
  constructor(
    readonly code: OidcErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'OidcFailure';
  }

  /** For the JSON API (the settings' discovery test): the issuer typed in is what to fix. */
  toHttpError(): HttpError {
    return new HttpError(400, 'bad_request', `${this.code}: ${this.message}`, [
      { path: 'body.issuer', message: this.message },
    ]);
  }
}

/** A claim by name; dots reach into objects (`realm_access.roles`) unless the name itself is a claim. */
export function claimAt(claims: Record<string, unknown>, name: string): unknown {
  if (name in claims) return claims[name];
  let value: unknown = claims;
  for (const part of name.split('.')) {
    if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

/** Group names from a claim: an array of strings, or one string (some providers send a single group so). */
export function groupsFrom(value: unknown): string[] {
  const list = Array.isArray(value) ? value : typeof value === 'string' ? [value] : [];
  return [...new Set(list.filter((g): g is string => typeof g === 'string' && g.length > 0))].slice(0, 500);
}

/**
 * What the provider proved, as Berth's account code reads it. The subject is `sub` and only `sub` (an e-mail or
 * a name can be reassigned); the username is only the name a new account starts from.
 */
export function profileFromClaims(
  claims: Record<string, unknown>,
  p: Pick<OidcProviderConfig, 'id' | 'groupsClaim' | 'usernameClaim'>,
): ExternalProfile {
  const sub = claims.sub;
  if (typeof sub !== 'string' || !sub) throw new OidcFailure('noSubject', 'The ID token has no "sub" claim');
  const named = claimAt(claims, p.usernameClaim);
  const email = typeof claims.email === 'string' ? claims.email.split('@')[0] : undefined;
  const username = (typeof named === 'string' && named.trim()) || email || sub;
  return {
    source: 'oidc',
    provider: p.id,
    subject: sub,
    username,
    groups: groupsFrom(claimAt(claims, p.groupsClaim)),
  };
}

function causes(err: unknown): unknown[] {
  const chain: unknown[] = [];
  let e: unknown = err;
  while (e && chain.length < 8) {
    chain.push(e);
    e = (e as { cause?: unknown }).cause;
  }
  return chain;
}

const field = (e: unknown, name: string): unknown =>
  e && typeof e === 'object' ? (e as Record<string, unknown>)[name] : undefined;

/**
 * Why a sign-in failed, from what openid-client (oauth4webapi underneath) or Berth threw: the error codes and
 * OAuth `error` values are theirs; anything unknown is `failed`, with its message kept for the audit log only.
 */
export function classifyOidcError(err: unknown): OidcFailure {
  if (err instanceof OidcFailure) return err;
  if (err instanceof HttpError) {
    if (err.code === 'external_user_unknown') return new OidcFailure('userUnknown', err.message);
    if (err.status === 403) return new OidcFailure('accountDisabled', err.message);
    return new OidcFailure('failed', err.message);
  }
  const chain = causes(err);
  const codes = chain.map((e) => field(e, 'code')).filter((c): c is string => typeof c === 'string');
  const message = err instanceof Error ? err.message : String(err);
  const oauthError = chain.map((e) => field(e, 'error')).find((v): v is string => typeof v === 'string');
  const described = chain
    .map((e) => field(e, 'error_description'))
    .find((v): v is string => typeof v === 'string');
  const detail = [oauthError, described ?? message].filter(Boolean).join(': ');

  if (codes.includes('OAUTH_AUTHORIZATION_RESPONSE_ERROR')) {
    return new OidcFailure(oauthError === 'access_denied' ? 'denied' : 'providerError', detail);
  }
  if (codes.includes('OAUTH_RESPONSE_BODY_ERROR') || codes.includes('OAUTH_WWW_AUTHENTICATE_CHALLENGE')) {
    if (oauthError === 'invalid_client' || oauthError === 'unauthorized_client')
      return new OidcFailure('clientRejected', detail);
    if (oauthError === 'invalid_grant') return new OidcFailure('codeRejected', detail);
    const status = chain.map((e) => field(e, 'status')).find((s) => typeof s === 'number');
    if (status === 401) return new OidcFailure('clientRejected', detail);
    return new OidcFailure('providerError', detail);
  }
  if (codes.includes('OAUTH_JWT_CLAIM_COMPARISON_FAILED')) {
    const claim = chain.map((e) => field(e, 'claim')).find((c) => typeof c === 'string');
    const inner = chain.map((e) => (e instanceof Error ? e.message : '')).find((m) => m.includes('"nonce"'));
    if (claim === 'nonce' || inner) return new OidcFailure('nonceMismatch', inner ?? message);
    return new OidcFailure('badIdToken', innermost(chain) ?? message);
  }
  if (codes.includes('OAUTH_JWT_TIMESTAMP_CHECK_FAILED'))
    return new OidcFailure('clockSkew', innermost(chain) ?? message);
  if (codes.includes('OAUTH_HTTP_REQUEST_FORBIDDEN') || codes.includes('OAUTH_REQUEST_PROTOCOL_FORBIDDEN'))
    return new OidcFailure('insecureIssuer', message);
  if (codes.includes('OAUTH_TIMEOUT') || codes.includes('OAUTH_ABORT'))
    return new OidcFailure('providerDown', `The provider did not answer in time (${message})`);
  if (
    chain.some(
      (e) =>
        (e instanceof TypeError && /fetch failed/i.test(e.message)) ||
        ['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ETIMEDOUT'].includes(
          String(field(e, 'code')),
        ),
    )
  ) {
    const sys = chain.map((e) => field(e, 'code')).find((c) => typeof c === 'string' && /^E[A-Z_]+$/.test(c));
    return new OidcFailure('providerDown', `The provider could not be reached${sys ? ` (${sys})` : ''}`);
  }
  if (
    codes.some((c) =>
      [
        'OAUTH_RESPONSE_IS_NOT_CONFORM',
        'OAUTH_RESPONSE_IS_NOT_JSON',
        'OAUTH_INVALID_SERVER_METADATA',
        'OAUTH_MISSING_SERVER_METADATA',
        'OAUTH_JSON_ATTRIBUTE_COMPARISON_FAILED',
      ].includes(c),
    ) &&
    !codes.includes('OAUTH_INVALID_RESPONSE')
  )
    return new OidcFailure('discoveryFailed', innermost(chain) ?? message);
  if (
    codes.some((c) =>
      ['OAUTH_INVALID_RESPONSE', 'OAUTH_KEY_SELECTION_FAILED', 'OAUTH_PARSE_ERROR'].includes(c),
    )
  )
    return new OidcFailure('badIdToken', innermost(chain) ?? message);
  return new OidcFailure('failed', message);
}

/** The most specific message of a wrapped error (openid-client wraps oauth4webapi's with a generic one). */
function innermost(chain: unknown[]): string | undefined {
  const messages = chain.filter((e): e is Error => e instanceof Error).map((e) => e.message);
  return messages.length > 1 ? `${messages[0]}: ${messages[messages.length - 1]}` : messages[0];
}
