import { beforeAll, describe, expect, it } from 'vitest';
import { api, BASE_URL, type ErrorEnvelope, userSession } from '../support/api';

/**
 * Passkey refusals against a running server (the whole ceremony with an authenticator is in
 * e2e/ui/passkeys.spec.ts, through Chromium's virtual one). WebAuthn takes a domain as RP ID, never an IP
 * address: the server is reached here as localhost.
 */

const LOCAL = BASE_URL.replace('127.0.0.1', 'localhost');
const RUN = Date.now().toString(36);

let operator: { cookie: string; username: string };

beforeAll(async () => {
  operator = await userSession('operator', `pk-op-${RUN}`);
});

/** A well-formed answer of an authenticator nobody registered. */
const bogusAssertion = {
  id: 'bm8tc3VjaC1jcmVkZW50aWFs',
  rawId: 'bm8tc3VjaC1jcmVkZW50aWFs',
  type: 'public-key',
  response: { clientDataJSON: 'e30', authenticatorData: 'AAAA', signature: 'AAAA' },
  clientExtensionResults: {},
};

async function loginOptions(origin = LOCAL) {
  const res = await fetch(`${LOCAL}/api/auth/passkeys/login/options`, {
    method: 'POST',
    headers: { origin },
  });
  const setCookie = res.headers.get('set-cookie') ?? '';
  return { status: res.status, setCookie, cookie: setCookie.split(';')[0] ?? '', body: await res.json() };
}

function verify(cookie: string | null, response: unknown) {
  return api<ErrorEnvelope>('/api/auth/passkeys/login/verify', {
    base: LOCAL,
    as: 'anonymous',
    method: 'POST',
    headers: { origin: LOCAL, ...(cookie ? { cookie } : {}) },
    json: { response },
  });
}

describe('passkeys: who may do what', () => {
  it('refuses an anonymous caller everything but the sign-in ceremony', async () => {
    for (const [method, path] of [
      ['GET', '/api/auth/passkeys'],
      ['POST', '/api/auth/passkeys/register/options'],
      ['POST', '/api/auth/passkeys/register/verify'],
      ['DELETE', '/api/auth/passkeys/1'],
    ] as const) {
      const res = await api(path, {
        method,
        as: 'anonymous',
        base: LOCAL,
        json: method === 'POST' ? {} : undefined,
      });
      expect(res.status, `${method} ${path}`).toBe(401);
    }
  });

  it('lists a user’s own passkeys (none yet) and answers 404 for one that is not theirs', async () => {
    const list = await api('/api/auth/passkeys', { as: operator, base: LOCAL });
    expect(list).toMatchObject({ status: 200, body: [] });
    const gone = await api<ErrorEnvelope>('/api/auth/passkeys/999999', {
      method: 'DELETE',
      as: operator,
      base: LOCAL,
      headers: { origin: LOCAL },
    });
    expect(gone.status).toBe(404);
    const renamed = await api('/api/auth/passkeys/999999', {
      method: 'PATCH',
      as: operator,
      base: LOCAL,
      headers: { origin: LOCAL },
      json: { name: 'x' },
    });
    expect(renamed.status).toBe(404);
  });
});

describe('passkeys: registration', () => {
  it('gives options for a discoverable credential of this RP, excluding nothing yet', async () => {
    const res = await api<{
      rp: { id: string; name: string };
      user: { name: string };
      challenge: string;
      authenticatorSelection: { residentKey: string; userVerification: string };
    }>('/api/auth/passkeys/register/options', {
      method: 'POST',
      as: operator,
      base: LOCAL,
      headers: { origin: LOCAL },
    });
    expect(res.status).toBe(200);
    expect(res.body.rp).toEqual({ id: 'localhost', name: 'Berth' });
    expect(res.body.user.name).toBe(operator.username);
    expect(res.body.challenge.length).toBeGreaterThanOrEqual(16);
    expect(res.body.authenticatorSelection).toMatchObject({
      residentKey: 'required',
      userVerification: 'preferred',
    });
  });

  it('refuses an answer that does not match the challenge, and then has none waiting', async () => {
    const opts = { method: 'POST', as: operator, base: LOCAL, headers: { origin: LOCAL } } as const;
    await api('/api/auth/passkeys/register/options', opts);
    const bad = {
      name: 'forged',
      response: {
        id: 'Zm9yZ2Vk',
        rawId: 'Zm9yZ2Vk',
        type: 'public-key',
        response: { clientDataJSON: 'e30', attestationObject: 'oA' },
        clientExtensionResults: {},
      },
    };
    const first = await api<ErrorEnvelope>('/api/auth/passkeys/register/verify', { ...opts, json: bad });
    expect(first.status).toBe(400);
    expect(first.body.error.message).toMatch(/not accepted/);
    // The challenge was used up by the failed attempt.
    const again = await api<ErrorEnvelope>('/api/auth/passkeys/register/verify', { ...opts, json: bad });
    expect(again.status).toBe(400);
    expect(again.body.error.message).toMatch(/No passkey registration is waiting/);
    expect((await api('/api/auth/passkeys', { as: operator, base: LOCAL })).body).toEqual([]);
  });

  it('refuses a malformed answer naming the field, and a name that is too long', async () => {
    const opts = { method: 'POST', as: operator, base: LOCAL, headers: { origin: LOCAL } } as const;
    const res = await api<ErrorEnvelope>('/api/auth/passkeys/register/verify', {
      ...opts,
      json: { name: 'x'.repeat(65), response: { id: 'not base64url!' } },
    });
    expect(res.status).toBe(400);
    const paths = (res.body.error.fields ?? []).map((f) => f.path);
    expect(paths).toContain('body.name');
    expect(paths).toContain('body.response.id');
  });
});

describe('passkeys: sign-in', () => {
  it('answers options for a usernameless sign-in, bound to this browser by a short-lived cookie', async () => {
    const res = await loginOptions();
    expect(res.status).toBe(200);
    expect(res.body.rpId).toBe('localhost');
    expect(res.body.allowCredentials ?? []).toEqual([]);
    expect(res.setCookie).toMatch(/^berth_passkey=[A-Za-z0-9_-]{32,};/);
    expect(res.setCookie).toMatch(/HttpOnly/);
    expect(res.setCookie).toMatch(/SameSite=Strict/);
    expect(res.setCookie).toMatch(/Max-Age=300/);
  });

  it('refuses an IP address as the relying party, saying to use a host name', async () => {
    const res = await fetch(`${BASE_URL}/api/auth/passkeys/login/options`, {
      method: 'POST',
      headers: { origin: BASE_URL },
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as ErrorEnvelope).error.message).toMatch(/host name/);
  });

  it('refuses options asked from another site', async () => {
    const res = await loginOptions('https://evil.example');
    expect(res.status).toBe(403);
  });

  it('refuses an answer without a challenge, an unknown passkey, and the same challenge a second time', async () => {
    expect((await verify(null, bogusAssertion)).status).toBe(401);
    expect((await verify('berth_passkey=made-up-key', bogusAssertion)).status).toBe(401);
    const { cookie } = await loginOptions();
    const first = await verify(cookie, bogusAssertion);
    expect(first.status).toBe(401);
    expect(first.body.error.message).toBe('The passkey was not accepted');
    expect(first.headers.get('set-cookie') ?? '').not.toMatch(/berth_session=/);
    const replay = await verify(cookie, bogusAssertion);
    expect(replay.status).toBe(401);
    expect(replay.body.error.message).toMatch(/expired or was already used/);
  });

  it('refuses a malformed answer with 400 naming the field', async () => {
    const { cookie } = await loginOptions();
    const res = await verify(cookie, { ...bogusAssertion, type: 'password' });
    expect(res.status).toBe(400);
    expect((res.body.error.fields ?? []).map((f) => f.path)).toContain('body.response.type');
  });
});
