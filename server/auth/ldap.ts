import { isIP } from 'node:net';
import type { ConnectionOptions } from 'node:tls';
import {
  Client,
  type Entry,
  Filter,
  InvalidCredentialsError,
  NoSuchObjectError,
  SizeLimitExceededError,
} from 'ldapts';
import { LDAP_PROVIDER, type LdapConfig, type LdapTestResult, type LdapTestStep } from '@/lib/auth/ldap';
import { type ExternalProfile, provisionExternalUser } from '@/server/auth/external';
import { ldapConfig, ldapEnabled } from '@/server/auth/ldap-store';
import type { UserRow } from '@/server/auth/users';
import { db } from '@/server/db';

/**
 * Sign-in against an LDAP directory (ldapts): bind as the service account, find the person with the admin's
 * filter (the typed name escaped, RFC 4515), bind as that entry with the typed password, read the groups. One
 * connection per attempt, always closed; every step has a timeout, the whole attempt a deadline.
 */

export type LdapSettings = LdapConfig & { bindPassword: string };

const CONNECT_TIMEOUT_MS = 5_000;
const OPERATION_TIMEOUT_MS = 8_000;
const ATTEMPT_DEADLINE_MS = 20_000;

/** A step that failed, with what to fix in plain words (the test endpoint shows it; sign-in audits it). */
export class LdapFailure extends Error {
  constructor(
    readonly step: LdapTestStep | 'password',
    message: string,
  ) {
    super(message);
  }
}

/** RFC 4515 escaping of a value put into a filter: `*`, `(`, `)`, `\` and NUL become `\2a`, `\28`, … */
export const escapeFilterValue = (value: string): string => Filter.escape(value);

/** The admin's filter template with the placeholders replaced by escaped values (`{username}`, `{dn}`). */
export function fillFilter(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (all, name: string) => {
    const value = values[name];
    return value === undefined ? all : escapeFilterValue(value);
  });
}

/** An attribute's values as strings, whatever the case the server wrote its name in. */
export function attributeValues(entry: Entry, name: string): string[] {
  const key = Object.keys(entry).find((k) => k.toLowerCase() === name.toLowerCase());
  if (!key || key === 'dn') return [];
  const raw = entry[key];
  const list = Array.isArray(raw) ? raw : [raw];
  return list.map((v) => (Buffer.isBuffer(v) ? v.toString('utf8') : String(v))).filter((v) => v !== '');
}

/** The value of a DN's first RDN, unescaped (`cn=ops,ou=groups,…` → `ops`; RFC 4514 `\,` and `\2c`). */
export function firstRdnValue(dn: string): string | null {
  let i = dn.indexOf('=');
  if (i < 0) return null;
  let out = '';
  for (i += 1; i < dn.length; i++) {
    const c = dn[i];
    if (c === ',' || c === '+') break;
    if (c === '\\' && i + 1 < dn.length) {
      const hex = dn.slice(i + 1, i + 3);
      if (/^[0-9a-fA-F]{2}$/.test(hex)) {
        // A run of hex pairs is one UTF-8 sequence: collect the bytes, decode together.
        const bytes: number[] = [];
        while (dn[i] === '\\' && /^[0-9a-fA-F]{2}$/.test(dn.slice(i + 1, i + 3))) {
          bytes.push(Number.parseInt(dn.slice(i + 1, i + 3), 16));
          i += 3;
        }
        out += Buffer.from(bytes).toString('utf8');
        i -= 1;
      } else {
        out += dn[i + 1];
        i += 1;
      }
      continue;
    }
    out += c;
  }
  return out.trim() || null;
}

/** The names rules can match: each group's DN and its first RDN's value (a rule may say `ops` or the full DN). */
export function groupNames(groupDns: readonly string[]): string[] {
  const names = new Set<string>();
  for (const dn of groupDns) {
    names.add(dn);
    const short = firstRdnValue(dn);
    if (short) names.add(short);
  }
  return [...names];
}

/** The profile provisioning works from: subject = entryUUID (the DN when the server has none). */
export function profileFromEntry(
  entry: Entry,
  groupDns: readonly string[],
  usernameAttribute: string,
  typedUsername: string,
): ExternalProfile {
  const uuid = attributeValues(entry, 'entryUUID')[0];
  return {
    source: 'ldap',
    provider: LDAP_PROVIDER,
    subject: uuid ?? entry.dn,
    username: attributeValues(entry, usernameAttribute)[0] ?? typedUsername,
    groups: groupNames(groupDns),
  };
}

const TLS_CODES = /CERT|SELF_SIGNED|UNABLE_TO_(VERIFY|GET)|ALTNAME|ERR_TLS|ERR_SSL|EPROTO/;

/** Puts a library or network error into words an admin can act on. */
function explain(err: unknown, settings: LdapSettings, step: LdapTestStep): LdapFailure {
  if (err instanceof LdapFailure) return err;
  const code = (err as { code?: unknown }).code;
  const message = err instanceof Error ? err.message : String(err);
  const where = settings.url;
  if (typeof code === 'string' && TLS_CODES.test(code))
    return new LdapFailure(
      'tls',
      settings.caPem
        ? `The directory's certificate is not trusted with the uploaded CA, or does not name the host of ${where} (${code}: ${message})`
        : `The directory's certificate is not trusted by the system's CAs: upload the CA that signed it (${code}: ${message})`,
    );
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EHOSTUNREACH' || code === 'ECONNRESET')
    return new LdapFailure('connect', `Cannot reach the directory at ${where} (${code})`);
  if (/timeout|timed out/i.test(message))
    return new LdapFailure(
      step === 'tls' ? 'tls' : 'connect',
      `The directory at ${where} did not answer in time`,
    );
  return new LdapFailure(step, `${message}${typeof code === 'string' ? ` (${code})` : ''}`);
}

function tlsOptions(settings: LdapSettings): ConnectionOptions {
  const host = new URL(settings.url).hostname.replace(/^\[|\]$/g, '');
  return {
    // With a CA uploaded only that CA is trusted; the server name is always checked (Node's default).
    ...(settings.caPem ? { ca: [settings.caPem] } : {}),
    host,
    ...(isIP(host) ? {} : { servername: host }),
    minVersion: 'TLSv1.2',
  };
}

function withDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new LdapFailure('connect', `The directory did not finish in ${ms / 1000} s`)),
      ms,
    );
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

/** One connection for one attempt: StartTLS first when asked, closed whatever happens. */
async function withConnection<T>(settings: LdapSettings, work: (client: Client) => Promise<T>): Promise<T> {
  const tls = tlsOptions(settings);
  const client = new Client({
    url: settings.url,
    timeout: OPERATION_TIMEOUT_MS,
    connectTimeout: CONNECT_TIMEOUT_MS,
    // ldapts takes any tlsOptions as "connect with TLS": only ldaps:// gets them (StartTLS passes its own).
    ...(settings.url.toLowerCase().startsWith('ldaps:') ? { tlsOptions: tls } : {}),
  });
  try {
    return await withDeadline(
      (async () => {
        if (settings.startTls) {
          try {
            await client.startTLS(tls);
          } catch (err) {
            throw explain(err, settings, 'tls');
          }
        }
        return work(client);
      })(),
      ATTEMPT_DEADLINE_MS,
    );
  } finally {
    await client.unbind().catch(() => undefined);
  }
}

async function serviceBind(client: Client, settings: LdapSettings): Promise<void> {
  // No DN: search anonymously. A DN with no password would be an unauthenticated bind: refuse it.
  if (!settings.bindDn) return;
  if (!settings.bindPassword)
    throw new LdapFailure('serviceBind', 'No password is stored for the service account: enter it and save');
  try {
    await client.bind(settings.bindDn, settings.bindPassword);
  } catch (err) {
    if (err instanceof InvalidCredentialsError)
      throw new LdapFailure(
        'serviceBind',
        'The directory refused the service account: wrong bind DN or password',
      );
    throw explain(err, settings, 'serviceBind');
  }
}

/** The one entry the filter finds for `username` (none or several: refused). */
async function findUser(client: Client, settings: LdapSettings, username: string): Promise<Entry> {
  const attributes = ['entryUUID', settings.usernameAttribute];
  if (settings.groupMode === 'memberOf') attributes.push('memberOf');
  let entries: Entry[];
  try {
    ({ searchEntries: entries } = await client.search(settings.userBase, {
      scope: 'sub',
      filter: fillFilter(settings.userFilter, { username }),
      attributes,
      sizeLimit: 2,
      timeLimit: Math.ceil(OPERATION_TIMEOUT_MS / 1000),
    }));
  } catch (err) {
    if (err instanceof SizeLimitExceededError)
      throw new LdapFailure(
        'userSearch',
        'The user filter matched more than one entry: make it match one person',
      );
    if (err instanceof NoSuchObjectError)
      throw new LdapFailure('userSearch', `The user search base "${settings.userBase}" does not exist`);
    throw explain(err, settings, 'userSearch');
  }
  if (entries.length === 0) throw new LdapFailure('userSearch', 'No entry matched the user filter');
  if (entries.length > 1)
    throw new LdapFailure(
      'userSearch',
      'The user filter matched more than one entry: make it match one person',
    );
  return entries[0] as Entry;
}

async function groupsOf(
  client: Client,
  settings: LdapSettings,
  entry: Entry,
  username: string,
): Promise<string[]> {
  if (settings.groupMode === 'memberOf') return attributeValues(entry, 'memberOf');
  try {
    const { searchEntries } = await client.search(settings.groupBase, {
      scope: 'sub',
      filter: fillFilter(settings.groupFilter, { dn: entry.dn, username }),
      attributes: ['1.1'],
      sizeLimit: 500,
      timeLimit: Math.ceil(OPERATION_TIMEOUT_MS / 1000),
    });
    return searchEntries.map((e) => e.dn);
  } catch (err) {
    if (err instanceof NoSuchObjectError)
      throw new LdapFailure('groups', `The group search base "${settings.groupBase}" does not exist`);
    throw explain(err, settings, 'groups');
  }
}

/**
 * Proves `username` / `password` against the directory: the profile, or an LdapFailure (`userSearch`: nobody
 * or several matched; `password`: the directory refused the password).
 */
export async function authenticateLdap(
  settings: LdapSettings,
  username: string,
  password: string,
): Promise<ExternalProfile> {
  // An empty password makes a simple bind "unauthenticated", which many servers answer with success.
  if (!password) throw new LdapFailure('password', 'Empty password');
  if (!username) throw new LdapFailure('userSearch', 'Empty username');
  return withConnection(settings, async (client) => {
    await serviceBind(client, settings);
    const entry = await findUser(client, settings, username);
    // Groups are read as the service account, which may see what the user cannot.
    const groups = await groupsOf(client, settings, entry, username);
    try {
      await client.bind(entry.dn, password);
    } catch (err) {
      if (err instanceof InvalidCredentialsError) throw new LdapFailure('password', 'Wrong password');
      throw explain(err, settings, 'userSearch');
    }
    return profileFromEntry(entry, groups, settings.usernameAttribute, username);
  });
}

/** "Test connection": connect (TLS), bind as the service account, and look a user up when one is named. */
export async function testLdap(settings: LdapSettings, username?: string): Promise<LdapTestResult> {
  const steps: LdapTestResult['steps'] = [];
  const secure = settings.startTls || settings.url.toLowerCase().startsWith('ldaps:');
  const result: LdapTestResult = { ok: false, steps };
  try {
    await withConnection(settings, async (client) => {
      await serviceBind(client, settings).catch((err: unknown) => {
        // ldaps connects at the first operation: its certificate problems surface here.
        throw explain(err, settings, 'serviceBind');
      });
      steps.push({ step: 'connect', ok: true, message: `Connected to ${settings.url}` });
      if (secure)
        steps.push({ step: 'tls', ok: true, message: 'The certificate is trusted and names the host' });
      steps.push({
        step: 'serviceBind',
        ok: true,
        message: settings.bindDn
          ? `Bound as ${settings.bindDn}`
          : 'No service account: searching anonymously',
      });
      if (!username) return;
      const entry = await findUser(client, settings, username);
      steps.push({ step: 'userSearch', ok: true, message: `Found ${entry.dn}` });
      const groups = await groupsOf(client, settings, entry, username);
      steps.push({ step: 'groups', ok: true, message: groups.length ? groups.join('; ') : 'No groups' });
      const profile = profileFromEntry(entry, groups, settings.usernameAttribute, username);
      result.user = {
        dn: entry.dn,
        subject: profile.subject,
        username: profile.username,
        groups: profile.groups,
      };
    });
    result.ok = true;
  } catch (err) {
    const failure = explain(err, settings, 'connect');
    const step = failure.step === 'password' ? 'userSearch' : failure.step;
    if (step !== 'connect' && !steps.some((s) => s.step === 'connect'))
      steps.push({ step: 'connect', ok: true, message: `Connected to ${settings.url}` });
    if (secure && step !== 'tls' && step !== 'connect' && !steps.some((s) => s.step === 'tls'))
      steps.push({ step: 'tls', ok: true, message: 'The certificate is trusted and names the host' });
    steps.push({ step, ok: false, message: failure.message });
  }
  return result;
}

function linkedToLdap(userId: number): boolean {
  return !!db()
    .prepare<[number, string], { n: number }>(
      "SELECT 1 AS n FROM user_identities WHERE user_id = ? AND source = 'ldap' AND provider = ?",
    )
    .get(userId, LDAP_PROVIDER);
}

/**
 * Whether the login form's name and password go to the directory. Precedence: LDAP on, and the name is no
 * Berth account or the account is linked to the directory. A local account keeps its Berth password, and a
 * failed local password never falls through to LDAP (a directory user cannot take over a local name).
 */
export function directoryHandles(user: UserRow | undefined): boolean {
  if (!ldapEnabled()) return false;
  return !user || linkedToLdap(user.id);
}

/** The outcome of a directory sign-in for login.ts: the Berth account, or why it failed. */
export type DirectorySignIn =
  | { ok: true; user: UserRow }
  | { ok: false; kind: 'invalid' | 'unavailable'; reason: string };

/** Proves the password with the directory and provisions the account (group rules applied). */
export async function signInWithDirectory(username: string, password: string): Promise<DirectorySignIn> {
  const settings = ldapConfig();
  if (!settings?.enabled) return { ok: false, kind: 'invalid', reason: 'ldap: off' };
  let profile: ExternalProfile;
  try {
    profile = await authenticateLdap(settings, username, password);
  } catch (err) {
    const failure = explain(err, settings, 'connect');
    const invalid = failure.step === 'password' || failure.step === 'userSearch';
    return { ok: false, kind: invalid ? 'invalid' : 'unavailable', reason: `ldap: ${failure.message}` };
  }
  const user = provisionExternalUser(profile, {
    allowCreate: settings.allowCreate,
    defaultRole: settings.defaultRole,
    rules: settings.rules,
  });
  return { ok: true, user };
}
