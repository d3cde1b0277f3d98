import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OidcProviderView } from '@/lib/auth/oidc';
import type { Me } from '@/lib/auth/views';
import { ADMIN_PASSWORD, ADMIN_USER, api, BASE_URL, login } from '../support/api';
import { CookieJar, signInAtProvider, startTestProvider, type TestProvider } from '../support/oidc-provider';

/**
 * OIDC single sign-on against a real provider (oidc-provider, started here on loopback) and the running Berth:
 * the whole authorization code flow as a browser drives it (redirects, cookies, the provider's login and consent
 * forms), and each way it must be refused.
 */

const RUN = Date.now().toString(36);
const PORT = 3325;
/** Nothing listens here: the "provider is down" case. */
const DOWN_PORT = 3329;
const ID = `t${RUN}`;
const WRONG_SECRET_ID = `t${RUN}-badsecret`;
const DOWN_ID = `t${RUN}-down`;
const TEAM = `oidc-ops-${RUN}`;
const callbackOf = (id: string) => `${BASE_URL}/api/auth/oidc/${id}/callback`;

let idp: TestProvider;

interface Started {
  /** The provider's authorization URL Berth redirected to. */
  authorizationUrl: string;
  /** Berth's cookie binding the pending sign-in to this "browser". */
  cookie: string;
}

async function start(id: string, next = '/containers'): Promise<Started> {
  const res = await fetch(`${BASE_URL}/api/auth/oidc/${id}/start?next=${encodeURIComponent(next)}`, {
    redirect: 'manual',
  });
  expect(res.status, await res.clone().text()).toBe(302);
  const jar = new CookieJar();
  jar.take(res);
  return { authorizationUrl: res.headers.get('location') ?? '', cookie: jar.header() };
}

async function callback(url: string, cookie: string) {
  const res = await fetch(url, { redirect: 'manual', headers: { cookie } });
  const session = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0] ?? '')
    .find((c) => c.startsWith('berth_session=') && c.length > 'berth_session='.length);
  return { status: res.status, location: res.headers.get('location'), session, body: await res.text() };
}

/** The whole flow: start at Berth, sign in at the provider, come back; the session cookie when it worked. */
async function signIn(accountId: string, id = ID) {
  const started = await start(id);
  const back = await signInAtProvider(started.authorizationUrl, accountId, callbackOf(id));
  return { ...(await callback(back, started.cookie)), back, started };
}

const errorOf = (location: string | null) => new URL(location ?? '/', BASE_URL).searchParams.get('oidcError');

async function me(session: string): Promise<Me> {
  const res = await api<Me>('/api/auth/me', { as: { cookie: session } });
  expect(res.status).toBe(200);
  return res.body;
}

async function lastLoginAudit(): Promise<{ target: string; result: string; error: string | null }[]> {
  const res = await api<{ target: string; result: string; error: string | null }[]>(
    '/api/audit?action=auth.login&limit=100',
  );
  expect(res.status).toBe(200);
  return res.body;
}

const provider = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  label: `Test SSO ${id}`,
  issuer: idp.issuer,
  clientId: idp.clientId,
  clientSecret: idp.clientSecret,
  allowCreate: true,
  defaultRole: 'viewer',
  rules: [{ group: 'ops', team: TEAM, role: 'operator' }],
  ...extra,
});

beforeAll(async () => {
  idp = await startTestProvider({
    port: PORT,
    redirectUris: [callbackOf(ID), callbackOf(WRONG_SECRET_ID)],
  });
  idp.accounts.set(`alice-${RUN}`, { username: `alice-${RUN}`, groups: ['ops', 'staff'] });
  idp.accounts.set(`bob-${RUN}`, { username: `bob-${RUN}`, groups: ['ops'] });
  for (const body of [
    provider(ID),
    provider(WRONG_SECRET_ID, { clientSecret: 'not-the-secret' }),
    provider(DOWN_ID, { issuer: `http://127.0.0.1:${DOWN_PORT}` }),
  ]) {
    const created = await api<OidcProviderView>('/api/auth/oidc', { method: 'POST', json: body });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
  }
});

afterAll(async () => {
  for (const id of [ID, WRONG_SECRET_ID, DOWN_ID]) await api(`/api/auth/oidc/${id}`, { method: 'DELETE' });
  await api('/api/settings', { method: 'PUT', json: { signIn: { passwords: 'everyone' } } });
  await idp?.close();
});

describe('OIDC providers (settings)', () => {
  it('lists a provider with its redirect URI and never its secret; the login page sees id and label only', async () => {
    const list = await api<OidcProviderView[]>('/api/auth/oidc');
    const mine = list.body.find((p) => p.id === ID);
    expect(mine).toMatchObject({ secretSet: true, readOnly: false, redirectUri: callbackOf(ID) });
    expect(JSON.stringify(list.body)).not.toContain(idp.clientSecret);
    const options = await api<{ id: string; label: string }[]>('/api/auth/oidc/providers', {
      as: 'anonymous',
    });
    expect(options.status).toBe(200);
    expect(options.body).toContainEqual({ id: ID, label: `Test SSO ${ID}` });
    for (const o of options.body) expect(Object.keys(o).sort()).toEqual(['id', 'label']);
  });

  it('refuses a reserved id and a provider list to a non-admin', async () => {
    const reserved = await api('/api/auth/oidc', { method: 'POST', json: provider('env') });
    expect(reserved.status).toBe(400);
    const anonymous = await api('/api/auth/oidc', { as: 'anonymous' });
    expect(anonymous.status).toBe(401);
  });

  it('tests discovery of the issuer, and says so when the issuer is down', async () => {
    const ok = await api<{ issuer: string; pkceS256: boolean | null }>('/api/auth/oidc/discover', {
      method: 'POST',
      json: { issuer: idp.issuer },
    });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body).toMatchObject({ issuer: idp.issuer, pkceS256: true });
    const down = await api<{ error: { message: string } }>('/api/auth/oidc/discover', {
      method: 'POST',
      json: { issuer: `http://127.0.0.1:${DOWN_PORT}` },
    });
    expect(down.status).toBe(400);
    expect(down.body.error.message).toMatch(/providerDown/);
  });
});

describe('OIDC sign-in', () => {
  it('runs the whole code flow with PKCE to a Berth session, with the team and role of the groups claim', async () => {
    const started = await start(ID);
    const auth = new URL(started.authorizationUrl);
    expect(auth.origin).toBe(idp.issuer);
    expect(auth.searchParams.get('code_challenge_method')).toBe('S256');
    expect(auth.searchParams.get('redirect_uri')).toBe(callbackOf(ID));
    for (const p of ['state', 'nonce', 'code_challenge']) expect(auth.searchParams.get(p)).toBeTruthy();
    expect(started.cookie).toMatch(/^berth_oidc=/);

    const back = await signInAtProvider(started.authorizationUrl, `alice-${RUN}`, callbackOf(ID));
    const done = await callback(back, started.cookie);
    expect(done.status, done.body).toBe(200);
    expect(done.body).toContain('url=/containers');
    expect(done.session).toBeTruthy();
    const who = await me(done.session as string);
    expect(who.user.username).toBe(`alice-${RUN}`);
    // Own role viewer (the default), operator through the team the `ops` group rule grants.
    expect(who.user.role).toBe('operator');
    const users =
      await api<{ username: string; role: string; teams: { name: string; role: string }[] }[]>('/api/users');
    const alice = users.body.find((u) => u.username === `alice-${RUN}`);
    expect(alice).toMatchObject({ role: 'viewer', teams: [{ name: TEAM, role: 'operator' }] });

    const audit = await lastLoginAudit();
    expect(audit.find((e) => e.target === `alice-${RUN} (oidc:${ID})`)).toMatchObject({ result: 'ok' });

    // The same callback again (a replayed code): the pending sign-in was used up.
    const replay = await callback(back, started.cookie);
    expect(replay.status).toBe(302);
    expect(errorOf(replay.location)).toBe('badState');
    expect(replay.session).toBeUndefined();
  });

  it('refuses a code sent back with another state, and a callback without the browser cookie', async () => {
    const started = await start(ID);
    const back = new URL(await signInAtProvider(started.authorizationUrl, `bob-${RUN}`, callbackOf(ID)));
    const tampered = new URL(back);
    tampered.searchParams.set('state', 'not-the-state-berth-sent');
    const refused = await callback(tampered.href, started.cookie);
    expect(refused.status).toBe(302);
    expect(errorOf(refused.location)).toBe('badState');
    expect(refused.session).toBeUndefined();
    // Refused once, the pending sign-in is gone: the genuine answer is not accepted after it either.
    const after = await callback(back.href, started.cookie);
    expect(errorOf(after.location)).toBe('badState');

    const other = await start(ID);
    const code = await signInAtProvider(other.authorizationUrl, `bob-${RUN}`, callbackOf(ID));
    const noCookie = await callback(code, '');
    expect(errorOf(noCookie.location)).toBe('badState');

    const audit = await lastLoginAudit();
    expect(audit.some((e) => e.target.endsWith(`(oidc:${ID})`) && e.result === 'error')).toBe(true);
  });

  it('refuses an ID token whose nonce is not the one this sign-in sent (an injected code)', async () => {
    // The honest way to get such a token: act as an attacker who obtained a code for the same client and
    // PKCE challenge but another authorization request. Berth's start gives state S, nonce N and challenge C;
    // we ask the provider ourselves with S and C (the verifier stays in Berth) but nonce N2. The provider issues
    // a genuine, correctly signed ID token carrying N2 for a code whose PKCE and state both match Berth's
    // pending record, so only the nonce check can catch it.
    const started = await start(ID);
    const genuine = new URL(started.authorizationUrl);
    const forged = new URL(genuine);
    forged.searchParams.set('nonce', 'a-nonce-berth-never-sent');
    const back = await signInAtProvider(forged.href, `bob-${RUN}`, callbackOf(ID));
    expect(new URL(back).searchParams.get('state')).toBe(genuine.searchParams.get('state'));
    const refused = await callback(back, started.cookie);
    expect(refused.status).toBe(302);
    expect(errorOf(refused.location)).toBe('nonceMismatch');
    expect(refused.session).toBeUndefined();
    const audit = await lastLoginAudit();
    expect(audit.find((e) => e.error?.startsWith('nonceMismatch'))).toMatchObject({ result: 'error' });
  });

  it('says the client secret is wrong when the provider refuses it', async () => {
    const done = await signIn(`bob-${RUN}`, WRONG_SECRET_ID);
    expect(done.status).toBe(302);
    expect(errorOf(done.location)).toBe('clientRejected');
    expect(done.session).toBeUndefined();
    const audit = await lastLoginAudit();
    expect(
      audit.find(
        (e) => e.target.endsWith(`(oidc:${WRONG_SECRET_ID})`) && e.error?.startsWith('clientRejected'),
      ),
    ).toBeTruthy();
  });

  it('says consent was denied when the user cancels at the provider (error=access_denied)', async () => {
    const started = await start(ID);
    const back = await signInAtProvider(started.authorizationUrl, `bob-${RUN}`, callbackOf(ID), {
      abort: true,
    });
    expect(new URL(back).searchParams.get('error')).toBe('access_denied');
    const done = await callback(back, started.cookie);
    expect(errorOf(done.location)).toBe('denied');
    expect(done.session).toBeUndefined();
  });

  it('says the provider is down when it cannot be reached, and audits it', async () => {
    const res = await fetch(`${BASE_URL}/api/auth/oidc/${DOWN_ID}/start`, { redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(errorOf(res.headers.get('location'))).toBe('providerDown');
    const unknown = await fetch(`${BASE_URL}/api/auth/oidc/no-such-provider/start`, { redirect: 'manual' });
    expect(errorOf(unknown.headers.get('location'))).toBe('unknownProvider');
    const audit = await lastLoginAudit();
    expect(
      audit.find((e) => e.target.endsWith(`(oidc:${DOWN_ID})`) && e.error?.startsWith('providerDown')),
    ).toBeTruthy();
  });

  it('says the provider is down when it goes away between the start and the way back', async () => {
    const id = `t${RUN}-gone`;
    const gone = await startTestProvider({ port: PORT + 2, redirectUris: [callbackOf(id)] });
    try {
      const created = await api('/api/auth/oidc', {
        method: 'POST',
        json: {
          ...provider(id),
          issuer: gone.issuer,
          clientId: gone.clientId,
          clientSecret: gone.clientSecret,
        },
      });
      expect(created.status).toBe(201);
      const started = await start(id);
      const back = await signInAtProvider(started.authorizationUrl, 'carol', callbackOf(id));
      await gone.close();
      const done = await callback(back, started.cookie);
      expect(errorOf(done.location)).toBe('providerDown');
      expect(done.session).toBeUndefined();
    } finally {
      await gone.close();
      await api(`/api/auth/oidc/${id}`, { method: 'DELETE' });
    }
  });

  it('takes the team away at the next sign-in of a user removed from the group', async () => {
    const first = await signIn(`bob-${RUN}`);
    expect(first.status, first.body).toBe(200);
    expect((await me(first.session as string)).user.role).toBe('operator');
    idp.accounts.set(`bob-${RUN}`, { username: `bob-${RUN}`, groups: [] });
    const second = await signIn(`bob-${RUN}`);
    expect(second.status, second.body).toBe(200);
    expect((await me(second.session as string)).user.role).toBe('viewer');
    const users = await api<{ username: string; teams: unknown[] }[]>('/api/users');
    expect(users.body.find((u) => u.username === `bob-${RUN}`)?.teams).toEqual([]);
  });

  it('with password sign-in for local admins only, refuses a non-admin password and keeps the admin', async () => {
    const name = `oidc-pw-${RUN}`;
    const password = 'pw-oidc-berth-test-2026';
    const created = await api('/api/users', {
      method: 'POST',
      json: { username: name, password, role: 'operator' },
    });
    expect(created.status).toBe(201);
    const set = await api('/api/settings', { method: 'PUT', json: { signIn: { passwords: 'localAdmins' } } });
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    try {
      const refused = await login(name, password);
      expect(refused.status).toBe(403);
      expect(refused.body).toMatchObject({ error: { code: 'password_sign_in_off' } });
      const admin = await login(ADMIN_USER, ADMIN_PASSWORD);
      expect(admin.status).toBe(200);
      // SSO users keep signing in.
      const sso = await signIn(`alice-${RUN}`);
      expect(sso.status, sso.body).toBe(200);
    } finally {
      await api('/api/settings', { method: 'PUT', json: { signIn: { passwords: 'everyone' } } });
    }
    expect((await login(name, password)).status).toBe(200);
  });
});
