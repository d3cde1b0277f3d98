import * as client from 'openid-client';
import type { OidcDiscoveryResult, OidcErrorCode } from '@/lib/auth/oidc';
import { recordAudit } from '@/server/audit/log';
import { type ExternalProfile, signInExternal } from '@/server/auth/external';
import { type LoginMeta, loginTarget } from '@/server/auth/login';
import type { OidcProviderConfig } from '@/server/auth/oidc/env';
import { claimAt, classifyOidcError, OidcFailure, profileFromClaims } from '@/server/auth/oidc/map';
import { enabledProvider, oidcState, redirectUriFor } from '@/server/auth/oidc/store';
import type { UserRow } from '@/server/auth/users';

/**
 * The authorization code flow (OpenID Connect core) through openid-client: PKCE S256, `state` and `nonce`,
 * all three kept server-side in a single-use pending record that the browser's cookie names. Everything the
 * provider answers is checked by the library (issuer, audience, signature, expiry, nonce); this module only
 * keeps the pending record, maps the claims to a Berth account (server/auth/external.ts) and says what failed.
 */

/** Discovery and token calls give up after this (seconds): a provider that hangs is a provider that is down. */
const HTTP_TIMEOUT_S = 10;
/** A discovered configuration is reused this long (the provider's keys are cached by the library with it). */
const CONFIG_TTL_MS = 10 * 60_000;

export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h.endsWith('.localhost') || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h);
}

/**
 * openid-client refuses plain http (tokens would cross the network in the clear): allowed for a loopback
 * issuer (a provider on the same host, tests) or when the admin ticked "allow http issuer".
 */
function insecureAllowed(issuer: URL, allowHttp: boolean): boolean {
  if (issuer.protocol !== 'http:') return false;
  if (isLoopbackHost(issuer.hostname) || allowHttp) return true;
  throw new OidcFailure(
    'insecureIssuer',
    `The issuer ${issuer.href} is plain http: use https, or allow http issuers for this provider`,
  );
}

async function discover(
  issuer: string,
  clientId: string,
  secret: string | null,
  allowHttp: boolean,
): Promise<client.Configuration> {
  const url = new URL(issuer);
  const insecure = insecureAllowed(url, allowHttp);
  const auth = secret ? client.ClientSecretBasic(secret) : client.None();
  const config = await client.discovery(url, clientId, undefined, auth, {
    timeout: HTTP_TIMEOUT_S,
    ...(insecure ? { execute: [client.allowInsecureRequests] } : {}),
  });
  const methods = config.serverMetadata().token_endpoint_auth_methods_supported;
  // client_secret_basic is the default of the spec; a provider that lists only client_secret_post gets that.
  if (
    secret &&
    methods &&
    !methods.includes('client_secret_basic') &&
    methods.includes('client_secret_post')
  ) {
    const post = new client.Configuration(
      config.serverMetadata(),
      clientId,
      undefined,
      client.ClientSecretPost(secret),
    );
    post.timeout = HTTP_TIMEOUT_S;
    if (insecure) client.allowInsecureRequests(post);
    return post;
  }
  return config;
}

async function configuration(p: OidcProviderConfig): Promise<client.Configuration> {
  const { configs } = oidcState();
  const key = `${p.id}:${p.updatedAt}`;
  const cached = configs.get(p.id);
  if (cached && cached.key === key && Date.now() - cached.at < CONFIG_TTL_MS) return cached.config;
  const config = await discover(p.issuer, p.clientId, p.clientSecret, p.allowHttp);
  configs.set(p.id, { key, at: Date.now(), config });
  return config;
}

/** The settings' "Test discovery": what the issuer's discovery document says, or why it could not be read. */
export async function testDiscovery(issuer: string, allowHttp: boolean): Promise<OidcDiscoveryResult> {
  try {
    const meta = (await discover(issuer, 'berth-discovery-test', null, allowHttp)).serverMetadata();
    return {
      issuer: meta.issuer,
      authorizationEndpoint: meta.authorization_endpoint ?? '',
      tokenEndpoint: meta.token_endpoint ?? null,
      userinfoEndpoint: meta.userinfo_endpoint ?? null,
      pkceS256: meta.code_challenge_methods_supported
        ? meta.code_challenge_methods_supported.includes('S256')
        : null,
    };
  } catch (err) {
    throw classifyOidcError(err).toHttpError();
  }
}

function providerOrFail(id: string): OidcProviderConfig {
  const p = enabledProvider(id);
  if (!p) throw new OidcFailure('unknownProvider', `No enabled OIDC provider "${id}"`);
  return p;
}

/**
 * Starts a sign-in: a pending record under a new random key (for the browser's cookie) and the provider's
 * authorization URL to send the browser to.
 */
export async function startOidcLogin(
  id: string,
  origin: string,
  next: string,
): Promise<{ url: string; key: string }> {
  const p = providerOrFail(id);
  const config = await configuration(p);
  const codeVerifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = client.randomNonce();
  const redirectUri = redirectUriFor(origin, id);
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri,
    scope: p.scopes,
    response_type: 'code',
    code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
    state,
    nonce,
  });
  const key = oidcState().pending.put({ provider: id, state, nonce, codeVerifier, redirectUri, next });
  return { url: url.href, key };
}

/** The claims of the ID token, completed from the userinfo endpoint when it lacks the groups or the name. */
async function claimsOf(
  p: OidcProviderConfig,
  config: client.Configuration,
  tokens: client.TokenEndpointResponse & client.TokenEndpointResponseHelpers,
): Promise<Record<string, unknown>> {
  const idClaims = tokens.claims();
  if (!idClaims) throw new OidcFailure('badIdToken', 'The provider answered without an ID token');
  const claims: Record<string, unknown> = { ...idClaims };
  const missing =
    claimAt(claims, p.groupsClaim) === undefined || claimAt(claims, p.usernameClaim) === undefined;
  if (missing && config.serverMetadata().userinfo_endpoint && tokens.access_token) {
    // The subject must be the ID token's: a userinfo answer about someone else is refused by the library.
    const info = await client.fetchUserInfo(config, tokens.access_token, idClaims.sub);
    for (const [k, v] of Object.entries(info)) if (!(k in claims)) claims[k] = v;
  }
  return claims;
}

export interface OidcCallbackResult {
  user: UserRow;
  setCookie: string;
  next: string;
}

/**
 * Finishes a sign-in: the pending record this browser's cookie names (taken: a replay finds nothing), the
 * code redeemed with its PKCE verifier, the ID token checked against the expected state and nonce, then the
 * account and an ordinary Berth session. Any failure is audited and thrown as an OidcFailure.
 */
export async function finishOidcLogin(
  id: string,
  callbackUrl: URL,
  cookieKey: string | null,
  meta: LoginMeta,
): Promise<OidcCallbackResult> {
  let username: string | null = null;
  try {
    const pending = cookieKey ? oidcState().pending.take(cookieKey) : undefined;
    if (!pending || pending.provider !== id)
      throw new OidcFailure(
        'badState',
        'No sign-in is waiting in this browser (expired, already used, or started in another browser)',
      );
    if (callbackUrl.searchParams.get('state') !== pending.state)
      throw new OidcFailure(
        'badState',
        'The state returned by the provider is not the one this sign-in sent',
      );
    const p = providerOrFail(id);
    const config = await configuration(p);
    // The library takes the redirect_uri of the token request from this URL: the one sent, not the one the
    // request reached us at (a proxy may rewrite it).
    const current = new URL(pending.redirectUri);
    current.search = callbackUrl.search;
    const tokens = await client.authorizationCodeGrant(config, current, {
      pkceCodeVerifier: pending.codeVerifier,
      expectedState: pending.state,
      expectedNonce: pending.nonce,
      idTokenExpected: true,
    });
    const profile: ExternalProfile = profileFromClaims(await claimsOf(p, config, tokens), p);
    username = profile.username;
    const { user, setCookie } = signInExternal(
      profile,
      { allowCreate: p.allowCreate, defaultRole: p.defaultRole, rules: p.rules },
      meta,
    );
    return { user, setCookie, next: pending.next };
  } catch (err) {
    const failure = classifyOidcError(err);
    auditOidcFailure(id, username, meta, failure.code, failure.message);
    throw failure;
  }
}

export function auditOidcFailure(
  id: string,
  username: string | null,
  meta: Pick<LoginMeta, 'ip'>,
  code: OidcErrorCode,
  detail: string,
): void {
  recordAudit({
    user: null,
    username: username?.slice(0, 100) ?? null,
    ip: meta.ip,
    action: 'auth.login',
    target: loginTarget(username ?? '?', `oidc:${id.slice(0, 64)}`),
    result: 'error',
    error: `${code}: ${detail}`,
  });
}
