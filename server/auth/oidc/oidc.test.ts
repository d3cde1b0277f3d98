import { describe, expect, it } from 'vitest';
import { providerFromEnv } from '@/server/auth/oidc/env';
import { continuePage, loginErrorLocation, oidcCookie } from '@/server/auth/oidc/http';
import {
  claimAt,
  classifyOidcError,
  groupsFrom,
  OidcFailure,
  profileFromClaims,
} from '@/server/auth/oidc/map';
import { PendingLogins } from '@/server/auth/oidc/state';
import { HttpError } from '@/server/http/errors';

const P = { id: 'corp', groupsClaim: 'groups', usernameClaim: 'preferred_username' };
const pending = (state: string) => ({
  provider: 'corp',
  state,
  nonce: 'n',
  codeVerifier: 'v',
  redirectUri: 'http://b/api/auth/oidc/corp/callback',
  next: '/',
});

/** An error as openid-client throws it: its own wrapper around oauth4webapi's, with the details in `cause`. */
function wrapped(code: string, inner: Record<string, unknown> = {}, message = 'inner'): Error {
  const cause = Object.assign(new Error(message), { code, ...inner });
  return Object.assign(new Error('wrapper', { cause }), { code });
}

describe('claims to a profile', () => {
  it('takes the subject from sub only, the name from the username claim, groups from the groups claim', () => {
    expect(
      profileFromClaims(
        { sub: 's-1', preferred_username: 'ann', email: 'other@x', groups: ['ops', 'ops', 'dev', 3] },
        P,
      ),
    ).toEqual({ source: 'oidc', provider: 'corp', subject: 's-1', username: 'ann', groups: ['ops', 'dev'] });
  });

  it('falls back to the e-mail local part, then sub, for the name; refuses a token without sub', () => {
    expect(profileFromClaims({ sub: 's-2', email: 'bo@example.com' }, P).username).toBe('bo');
    expect(profileFromClaims({ sub: 's-3' }, P).username).toBe('s-3');
    expect(() => profileFromClaims({ email: 'a@b' }, P)).toThrow(OidcFailure);
  });

  it('reads dotted claims (Keycloak realm_access.roles) and a single-string group', () => {
    const claims = { sub: 'x', realm_access: { roles: ['admins'] }, 'a.b': 'flat' };
    expect(claimAt(claims, 'realm_access.roles')).toEqual(['admins']);
    expect(claimAt(claims, 'a.b')).toBe('flat');
    expect(claimAt(claims, 'realm_access.nope.deeper')).toBeUndefined();
    expect(groupsFrom('ops')).toEqual(['ops']);
    expect(groupsFrom({ ops: true })).toEqual([]);
  });
});

describe('what a failure is called', () => {
  it('names the provider answers that need different fixes', () => {
    expect(
      classifyOidcError(wrapped('OAUTH_AUTHORIZATION_RESPONSE_ERROR', { error: 'access_denied' })).code,
    ).toBe('denied');
    expect(
      classifyOidcError(wrapped('OAUTH_AUTHORIZATION_RESPONSE_ERROR', { error: 'invalid_scope' })).code,
    ).toBe('providerError');
    expect(classifyOidcError(wrapped('OAUTH_RESPONSE_BODY_ERROR', { error: 'invalid_client' })).code).toBe(
      'clientRejected',
    );
    expect(classifyOidcError(wrapped('OAUTH_RESPONSE_BODY_ERROR', { error: 'invalid_grant' })).code).toBe(
      'codeRejected',
    );
    expect(
      classifyOidcError(
        wrapped(
          'OAUTH_JWT_CLAIM_COMPARISON_FAILED',
          { claim: 'nonce' },
          'unexpected ID Token "nonce" claim value',
        ),
      ).code,
    ).toBe('nonceMismatch');
    expect(classifyOidcError(wrapped('OAUTH_JWT_CLAIM_COMPARISON_FAILED', { claim: 'aud' })).code).toBe(
      'badIdToken',
    );
    expect(classifyOidcError(wrapped('OAUTH_JWT_TIMESTAMP_CHECK_FAILED', { claim: 'exp' })).code).toBe(
      'clockSkew',
    );
    expect(classifyOidcError(wrapped('OAUTH_TIMEOUT')).code).toBe('providerDown');
  });

  it('calls a refused connection "provider down", with the system code and no stack', () => {
    const refused = new TypeError('fetch failed', {
      cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }),
    });
    const failure = classifyOidcError(new Error('something went wrong', { cause: refused }));
    expect(failure.code).toBe('providerDown');
    expect(failure.message).toBe('The provider could not be reached (ECONNREFUSED)');
  });

  it("maps Berth's own refusals and keeps anything unknown generic", () => {
    expect(classifyOidcError(new HttpError(403, 'external_user_unknown', 'no')).code).toBe('userUnknown');
    expect(classifyOidcError(new HttpError(403, 'forbidden', 'disabled')).code).toBe('accountDisabled');
    expect(classifyOidcError(new Error('boom')).code).toBe('failed');
    expect(classifyOidcError('weird').code).toBe('failed');
  });
});

describe('pending sign-ins', () => {
  it('are taken once, expire, and stay bounded', () => {
    const store = new PendingLogins(1000, 3);
    const key = store.put(pending('a'), undefined, 0);
    expect(key).toMatch(/^[\w-]{40,}$/);
    expect(store.take(key, 10)?.state).toBe('a');
    expect(store.take(key, 10)).toBeUndefined();
    const late = store.put(pending('b'), undefined, 0);
    expect(store.take(late, 1000)).toBeUndefined();
    const keys = [1, 2, 3, 4].map((n) => store.put(pending(String(n)), undefined, 2000));
    expect(store.size).toBe(3);
    expect(store.take(keys[0] as string, 2001)).toBeUndefined();
    expect(store.take(keys[3] as string, 2001)?.state).toBe('4');
  });
});

describe('the BERTH_OIDC_* provider', () => {
  it('is absent without an issuer and read-only with one', () => {
    expect(providerFromEnv({})).toBeNull();
    const p = providerFromEnv({
      BERTH_OIDC_ISSUER: 'https://idp.example.com/realms/t',
      BERTH_OIDC_CLIENT_ID: 'berth',
      BERTH_OIDC_CLIENT_SECRET: 's3cret',
      BERTH_OIDC_ALLOW_CREATE: 'true',
      BERTH_OIDC_DEFAULT_ROLE: 'operator',
      BERTH_OIDC_RULES: '[{"group":"ops","team":"ops","role":"admin"}]',
    });
    expect(p).toMatchObject({
      id: 'env',
      label: 'Single sign-on',
      clientSecret: 's3cret',
      scopes: 'openid profile email',
      groupsClaim: 'groups',
      allowCreate: true,
      defaultRole: 'operator',
      rules: [{ group: 'ops', team: 'ops', role: 'admin' }],
      readOnly: true,
    });
  });

  it('stops the start with what is wrong', () => {
    const base = { BERTH_OIDC_ISSUER: 'https://idp.example.com', BERTH_OIDC_CLIENT_ID: 'c' };
    expect(() => providerFromEnv({ BERTH_OIDC_ISSUER: 'https://idp.example.com' })).toThrow(/CLIENT_ID/);
    expect(() => providerFromEnv({ ...base, BERTH_OIDC_RULES: '[{' })).toThrow(/not JSON/);
    expect(() => providerFromEnv({ ...base, BERTH_OIDC_RULES: '[{"group":"a","role":"root"}]' })).toThrow(
      /BERTH_OIDC_RULES/,
    );
    expect(() => providerFromEnv({ ...base, BERTH_OIDC_DEFAULT_ROLE: 'root' })).toThrow(/DEFAULT_ROLE/);
    expect(() => providerFromEnv({ ...base, BERTH_OIDC_SCOPES: 'profile' })).toThrow(/openid/);
    expect(() => providerFromEnv({ ...base, BERTH_OIDC_ISSUER: 'ftp://x' })).toThrow(/ISSUER/);
  });
});

describe('the HTTP pieces', () => {
  it('binds the pending sign-in with a Lax, HttpOnly cookie scoped to the OIDC paths', () => {
    expect(oidcCookie('k', { secure: true, maxAgeSeconds: 600 })).toBe(
      'berth_oidc=k; Path=/api/auth/oidc; HttpOnly; SameSite=Lax; Max-Age=600; Secure',
    );
  });

  it('ends a failure on the login page with a known code, and escapes the page it continues to', () => {
    expect(loginErrorLocation('denied', 'corp')).toBe('/login?oidcError=denied&provider=corp');
    const page = continuePage('/x?a=1&b="><script>');
    expect(page).not.toContain('<script>');
    expect(page).toContain('url=/x?a=1&#38;b=&#34;&#62;&#60;script&#62;');
  });
});
