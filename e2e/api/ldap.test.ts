import { lookup } from 'node:dns/promises';
import { hostname } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry } from '@/lib/audit/types';
import type { LdapConfigView, LdapTestResult } from '@/lib/auth/ldap';
import type { UserView } from '@/lib/auth/views';
import { ADMIN_PASSWORD, ADMIN_USER, api, type ErrorEnvelope, login } from '../support/api';
import {
  LDAP_PORT,
  LDAP_URL,
  LDAPS_PORT,
  LDAPS_URL,
  ldapSettings,
  ldapUp,
  OPS_GROUP,
  PEOPLE,
  SERVICE_DN,
  setMembers,
  testCa,
  wrongCa,
} from '../support/ldap';
import { type StartedServer, startServer } from '../support/server';

/**
 * LDAP sign-in against a real slapd (scripts/ldap.sh, started here), on a Berth server of this file's own: its
 * failed logins, throttling and LDAP settings stay away from the shared server.
 */

const RUN = Date.now().toString(36);
const INVALID = 'Invalid username or password';
const OPS_TEAM = `ldap-ops-${RUN}`;
const RULES = [
  { group: 'ops', team: OPS_TEAM, role: 'operator' },
  { group: `cn=admins,ou=groups,dc=berth,dc=test`, role: 'admin' },
];

let server: StartedServer;

const admin = <T>(path: string, init: Parameters<typeof api>[1] = {}) =>
  api<T>(path, { ...init, base: server.url });
const signIn = (username: string, password: string) => login(username, password, server.url);
const configure = async (overrides: Record<string, unknown> = {}) => {
  const res = await admin<LdapConfigView>('/api/auth/ldap', {
    method: 'PUT',
    json: ldapSettings({ rules: RULES, ...overrides }),
  });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
};
const testConnection = async (username?: string) => {
  const res = await admin<LdapTestResult>('/api/auth/ldap/test', { method: 'POST', json: { username } });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
};
const me = async (cookie: string) =>
  (
    await api<{ user: { username: string; role: string } }>('/api/auth/me', {
      base: server.url,
      as: { cookie },
    })
  ).body.user;
const userNamed = async (username: string) =>
  (await admin<UserView[]>('/api/users')).body.find((u) => u.username === username);

beforeAll(async () => {
  ldapUp();
  setMembers(OPS_GROUP, [PEOPLE.alice.dn, PEOPLE.bob.dn]);
  server = await startServer({ env: { BERTH_ADMIN_USER: ADMIN_USER, BERTH_ADMIN_PASSWORD: ADMIN_PASSWORD } });
  await configure();
}, 300_000);

afterAll(async () => {
  setMembers(OPS_GROUP, [PEOPLE.alice.dn, PEOPLE.bob.dn]);
  await server?.stop();
});

describe('the LDAP settings', () => {
  it('never answers the service password, keeps it when omitted, and admins only may read them', async () => {
    const view = (await admin<LdapConfigView & { bindPassword?: string }>('/api/auth/ldap')).body;
    expect(view).toMatchObject({ enabled: true, url: LDAP_URL, bindDn: SERVICE_DN, hasBindPassword: true });
    expect(view.bindPassword).toBeUndefined();
    expect(JSON.stringify(view)).not.toContain('svc-secret');
    const { bindPassword: _, ...withoutPassword } = ldapSettings({ rules: RULES });
    const kept = await admin<LdapConfigView>('/api/auth/ldap', { method: 'PUT', json: withoutPassword });
    expect(kept.body.hasBindPassword).toBe(true);
    expect((await testConnection()).ok).toBe(true);
    expect((await api('/api/auth/ldap', { base: server.url, as: 'anonymous' })).status).toBe(401);
  });

  it('refuses a filter without {username} and says which field', async () => {
    const res = await admin<ErrorEnvelope>('/api/auth/ldap', {
      method: 'PUT',
      json: ldapSettings({ userFilter: '(uid=alice)' }),
    });
    expect(res.status).toBe(400);
    expect(res.body.error.fields?.map((f) => f.path)).toContain('body.userFilter');
  });

  it('tests the service bind and looks a user and their groups up', async () => {
    const result = await testConnection('alice');
    expect(result.ok, JSON.stringify(result)).toBe(true);
    expect(result.steps.map((s) => [s.step, s.ok])).toEqual([
      ['connect', true],
      ['serviceBind', true],
      ['userSearch', true],
      ['groups', true],
    ]);
    expect(result.user?.dn).toBe(PEOPLE.alice.dn);
    expect(result.user?.subject).toMatch(/^[0-9a-f-]{36}$/);
    expect(result.user?.groups).toEqual(expect.arrayContaining(['ops', 'admins', OPS_GROUP]));
    const nobody = await testConnection('nobody-here');
    expect(nobody.ok).toBe(false);
    expect(nobody.steps.at(-1)).toMatchObject({ step: 'userSearch', ok: false, message: /No entry matched/ });
  });

  it('says so when the service account’s password is wrong', async () => {
    await configure({ bindPassword: 'not-the-password' });
    try {
      const result = await testConnection();
      expect(result.ok).toBe(false);
      expect(result.steps.at(-1)).toMatchObject({
        step: 'serviceBind',
        ok: false,
        message: expect.stringMatching(/refused the service account: wrong bind DN or password/),
      });
      // Sign-in cannot work either: not the person's fault, so not a 401, and nothing counted against them.
      const res = await signIn('alice', PEOPLE.alice.password);
      expect(res.status).toBe(503);
      expect((res.body as ErrorEnvelope).error.code).toBe('ldap_unavailable');
    } finally {
      await configure();
    }
  });
});

describe('signing in with the directory', () => {
  it('signs a directory user in through the login form: a Berth session, the role from the group rules', async () => {
    const res = await signIn('alice', PEOPLE.alice.password);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.cookie).toBeTruthy();
    expect(await me(res.cookie as string)).toMatchObject({ username: 'alice', role: 'admin' });
    // A second sign-in finds the same account (by entryUUID), it does not make another.
    const again = await signIn('alice', PEOPLE.alice.password);
    expect(again.status).toBe(200);
    expect(
      (await admin<UserView[]>('/api/users')).body.filter((u) => u.username.startsWith('alice')),
    ).toHaveLength(1);
  });

  it('refuses a wrong password with the same 401 as a local one, and audits the method', async () => {
    const wrong = await signIn('alice', 'not-alices-password');
    expect(wrong.status).toBe(401);
    expect((wrong.body as ErrorEnvelope).error.message).toBe(INVALID);
    const unknown = await signIn(`nobody-${RUN}`, 'whatever-password');
    expect(unknown.status).toBe(401);
    expect((unknown.body as ErrorEnvelope).error.message).toBe(INVALID);

    const audit = (await admin<AuditEntry[]>('/api/audit?action=auth.login&limit=200')).body;
    expect(audit.some((e) => e.target === 'alice (ldap:ldap)' && e.result === 'ok')).toBe(true);
    expect(
      audit.some((e) => e.target === 'alice' && e.result === 'error' && e.error === 'ldap: Wrong password'),
    ).toBe(true);
  });

  it('maps a group to a team and its role, and takes both back when the user leaves the group', async () => {
    const first = await signIn('bob', PEOPLE.bob.password);
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(await me(first.cookie as string)).toMatchObject({ username: 'bob', role: 'operator' });
    expect((await userNamed('bob'))?.teams.map((t) => t.name)).toEqual([OPS_TEAM]);

    setMembers(OPS_GROUP, [PEOPLE.alice.dn]);
    const next = await signIn('bob', PEOPLE.bob.password);
    expect(next.status).toBe(200);
    expect(await me(next.cookie as string)).toMatchObject({ username: 'bob', role: 'viewer' });
    expect((await userNamed('bob'))?.teams).toEqual([]);
    setMembers(OPS_GROUP, [PEOPLE.alice.dn, PEOPLE.bob.dn]);
  });

  it('reads the groups with a group search too ((member={dn}), the DN escaped)', async () => {
    await configure({
      groupMode: 'search',
      groupBase: 'ou=groups,dc=berth,dc=test',
      groupFilter: '(member={dn})',
    });
    try {
      const res = await signIn('bob', PEOPLE.bob.password);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(await me(res.cookie as string)).toMatchObject({ username: 'bob', role: 'operator' });
      const lookup = await testConnection('bob');
      expect(lookup.user?.groups).toEqual([OPS_GROUP, 'ops']);
    } finally {
      await configure();
    }
  });

  it.each([
    '*)(uid=*',
    '*',
    'alice)(|(uid=*',
    'alice*',
    'al*ce',
    'alice\\',
    'alice\\29',
    'alice\u0000',
    '*\u0000',
  ])('refuses the name %j: no entry matched, never someone else', async (name) => {
    const res = await signIn(name, PEOPLE.alice.password);
    expect(res.status, JSON.stringify(res.body)).toBe(401);
    expect(res.cookie).toBeNull();
    expect((res.body as ErrorEnvelope).error.message).toBe(INVALID);
  });

  it('finds a person whose name is full of filter characters by exactly that name', async () => {
    const res = await signIn(PEOPLE.obrien.uid, PEOPLE.obrien.password);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const who = await me(res.cookie as string);
    expect(who.username).not.toBe('alice');
    expect(who.role).toBe('viewer');
    const audit = (await admin<AuditEntry[]>('/api/audit?action=auth.login&limit=200')).body;
    expect(audit.some((e) => e.target === `${who.username} (ldap:ldap)` && e.result === 'ok')).toBe(true);
  });

  it('leaves a local account with a directory user’s name on its Berth password (no fall-through)', async () => {
    const local = await admin('/api/users', {
      method: 'POST',
      json: { username: 'carol', password: 'local-berth-secret-2026', role: 'viewer' },
    });
    expect(local.status, JSON.stringify(local.body)).toBe(201);
    const withDirectoryPassword = await signIn('carol', PEOPLE.carol.password);
    expect(withDirectoryPassword.status).toBe(401);
    const withBerthPassword = await signIn('carol', 'local-berth-secret-2026');
    expect(withBerthPassword.status).toBe(200);
    const audit = (await admin<AuditEntry[]>('/api/audit?action=auth.login&limit=200')).body;
    expect(audit.some((e) => e.target === 'carol' && e.result === 'ok')).toBe(true);
    expect(audit.some((e) => e.target?.startsWith('carol (ldap'))).toBe(false);
  });
});

describe('password sign-in off for everyone but local admins', () => {
  it('still signs directory users in: the directory, not a Berth password, proves who they are', async () => {
    const off = await admin('/api/settings', {
      method: 'PUT',
      json: { signIn: { passwords: 'localAdmins' } },
    });
    expect(off.status, JSON.stringify(off.body)).toBe(200);
    try {
      const res = await signIn('bob', PEOPLE.bob.password);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      // The local viewer with a Berth password is refused, as the setting says.
      const local = await signIn('carol', 'local-berth-secret-2026');
      expect(local.status).toBe(403);
    } finally {
      await admin('/api/settings', { method: 'PUT', json: { signIn: { passwords: 'everyone' } } });
    }
  });
});

describe('TLS', () => {
  afterAll(async () => {
    await configure();
  });

  it('StartTLS with the uploaded CA works; a wrong CA fails clearly', async () => {
    await configure({ startTls: true, caPem: testCa() });
    const ok = await testConnection('alice');
    expect(ok.ok, JSON.stringify(ok)).toBe(true);
    expect(ok.steps.find((s) => s.step === 'tls')).toMatchObject({ ok: true });
    expect((await signIn('alice', PEOPLE.alice.password)).status).toBe(200);

    await configure({ startTls: true, caPem: wrongCa() });
    const bad = await testConnection();
    expect(bad.ok).toBe(false);
    expect(bad.steps.at(-1)).toMatchObject({
      step: 'tls',
      ok: false,
      message: expect.stringMatching(/not trusted with the uploaded CA/),
    });
    const refused = await signIn('alice', PEOPLE.alice.password);
    expect(refused.status).toBe(503);
  });

  it('ldaps with the uploaded CA works; without it the system CAs do not trust the test CA', async () => {
    await configure({ url: LDAPS_URL, caPem: testCa() });
    const ok = await testConnection();
    expect(ok.ok, JSON.stringify(ok)).toBe(true);
    const res = await signIn('alice', PEOPLE.alice.password);
    expect(res.status).toBe(200);
    expect(await me(res.cookie as string)).toMatchObject({ username: 'alice', role: 'admin' });

    // The certificate names 127.0.0.1 and localhost: the name is checked, `localhost` works too.
    await configure({ url: `ldaps://localhost:${LDAPS_PORT}`, caPem: testCa() });
    expect((await testConnection()).ok).toBe(true);

    await configure({ url: LDAPS_URL, caPem: '' });
    const untrusted = await testConnection();
    expect(untrusted.ok).toBe(false);
    expect(untrusted.steps.at(-1)).toMatchObject({
      step: 'tls',
      message: expect.stringMatching(/not trusted by the system's CAs: upload the CA/),
    });
  });

  it('checks the server name: a name of this machine the certificate does not list is refused', async () => {
    // The test certificate names 127.0.0.1 and localhost; the host name usually resolves to loopback too.
    const name = hostname();
    const address = await lookup(name, { family: 4 }).catch(() => null);
    if (address?.address !== '127.0.0.1' || name === 'localhost') return;
    await configure({ url: `ldap://${name}:${LDAP_PORT}`, startTls: true, caPem: testCa() });
    const result = await testConnection();
    expect(result.steps.at(-1)).toMatchObject({
      step: 'tls',
      ok: false,
      message: expect.stringMatching(/does not name the host.*ERR_TLS_CERT_ALTNAME_INVALID/),
    });
  });

  it('says when nothing listens at the URL', async () => {
    await configure({ url: 'ldap://127.0.0.1:9' });
    const result = await testConnection();
    expect(result.steps).toEqual([
      {
        step: 'connect',
        ok: false,
        message: expect.stringMatching(/Cannot reach the directory.*ECONNREFUSED/),
      },
    ]);
  });
});

describe('login throttling', () => {
  it('slows a directory user down after the free failures, as a local one, before asking the directory', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await signIn('bob', `wrong-${i}`)).status);
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses[5]).toBe(429);
    // The right password is refused too while the pair waits: the attempt never reaches the directory.
    expect((await signIn('bob', PEOPLE.bob.password)).status).toBe(429);
  });
});
