import type { GroupRule } from '@/lib/auth/external';
import {
  ENV_PROVIDER_ID,
  type OidcLoginOption,
  type OidcProviderCreate,
  type OidcProviderUpdate,
  type OidcProviderView,
} from '@/lib/auth/oidc';
import type { Role } from '@/lib/auth/roles';
import { type OidcProviderConfig, providerFromEnv } from '@/server/auth/oidc/env';
import { type OidcState, PendingLogins } from '@/server/auth/oidc/state';
import { contextValue } from '@/server/context';
import { db } from '@/server/db';
import { HttpError } from '@/server/http/errors';
import { decryptSecret, encryptSecret } from '@/server/security/crypto';
import { secretKey } from '@/server/security/keys';

interface Row {
  id: string;
  label: string;
  issuer: string;
  client_id: string;
  client_secret: string | null;
  scopes: string;
  groups_claim: string;
  username_claim: string;
  allow_create: number;
  default_role: Role;
  rules: string;
  enabled: number;
  allow_http: number;
  created_at: number;
  updated_at: number;
}

/** The ciphertext is bound to its provider: copied to another provider's row it does not decrypt. */
export const oidcSecretAad = (id: string) => `oidc:${id}`;

/** The BERTH_OIDC_* provider, read once per process (a bad variable fails the first use loudly). */
function envProvider(): OidcProviderConfig | null {
  const state = oidcState();
  state.env ??= { provider: providerFromEnv(process.env) };
  return state.env.provider;
}

export function oidcState(): OidcState {
  return contextValue('oidc', () => ({ env: null, pending: new PendingLogins(), configs: new Map() }));
}

/** Reads the secret, or says what to do when this install's key cannot (a restore without secret.key). */
function storedSecret(row: Row): string | null {
  if (row.client_secret === null) return null;
  try {
    return decryptSecret(secretKey(), row.client_secret, oidcSecretAad(row.id));
  } catch {
    throw new HttpError(
      409,
      'conflict',
      `The client secret of OIDC provider "${row.id}" cannot be decrypted with this install's key: enter it again in Settings`,
    );
  }
}

function toConfig(row: Row, withSecret: boolean): OidcProviderConfig {
  return {
    id: row.id,
    label: row.label,
    issuer: row.issuer,
    clientId: row.client_id,
    clientSecret: withSecret ? storedSecret(row) : null,
    scopes: row.scopes,
    groupsClaim: row.groups_claim,
    usernameClaim: row.username_claim,
    allowCreate: row.allow_create === 1,
    defaultRole: row.default_role,
    rules: JSON.parse(row.rules) as GroupRule[],
    enabled: row.enabled === 1,
    allowHttp: row.allow_http === 1,
    readOnly: false,
    updatedAt: row.updated_at,
  };
}

export function redirectUriFor(origin: string, id: string): string {
  return `${origin}/api/auth/oidc/${encodeURIComponent(id)}/callback`;
}

function toView(p: OidcProviderConfig, secretSet: boolean, origin: string): OidcProviderView {
  return {
    id: p.id,
    label: p.label,
    issuer: p.issuer,
    clientId: p.clientId,
    secretSet,
    scopes: p.scopes,
    groupsClaim: p.groupsClaim,
    usernameClaim: p.usernameClaim,
    allowCreate: p.allowCreate,
    defaultRole: p.defaultRole,
    rules: p.rules,
    enabled: p.enabled,
    allowHttp: p.allowHttp,
    readOnly: p.readOnly,
    redirectUri: redirectUriFor(origin, p.id),
  };
}

function rows(): Row[] {
  return db().prepare<[], Row>('SELECT * FROM oidc_providers ORDER BY label, id').all();
}

function getRow(id: string): Row {
  const row = db().prepare<[string], Row>('SELECT * FROM oidc_providers WHERE id = ?').get(id);
  if (!row) throw new HttpError(404, 'not_found', `No OIDC provider "${id}"`);
  return row;
}

function refuseEnv(id: string): void {
  if (id === ENV_PROVIDER_ID)
    throw new HttpError(
      409,
      'conflict',
      'This provider is configured by BERTH_OIDC_* environment variables: change them and restart Berth',
    );
}

export function listProviders(origin: string): OidcProviderView[] {
  const env = envProvider();
  return [
    ...(env ? [toView(env, env.clientSecret !== null, origin)] : []),
    ...rows().map((r) => toView(toConfig(r, false), r.client_secret !== null, origin)),
  ];
}

export function providerView(id: string, origin: string): OidcProviderView {
  const row = getRow(id);
  return toView(toConfig(row, false), row.client_secret !== null, origin);
}

/** Buttons for the login page: enabled providers, id and label only. */
export function loginOptions(): OidcLoginOption[] {
  const env = envProvider();
  return [
    ...(env ? [{ id: env.id, label: env.label }] : []),
    ...rows()
      .filter((r) => r.enabled === 1)
      .map((r) => ({ id: r.id, label: r.label })),
  ];
}

/** The provider with its secret, for signing in; undefined when there is none by that id or it is off. */
export function enabledProvider(id: string): OidcProviderConfig | undefined {
  if (id === ENV_PROVIDER_ID) return envProvider() ?? undefined;
  const row = db().prepare<[string], Row>('SELECT * FROM oidc_providers WHERE id = ?').get(id);
  if (row?.enabled !== 1) return undefined;
  return toConfig(row, true);
}

export function createProvider(input: OidcProviderCreate, origin: string): OidcProviderView {
  refuseEnv(input.id);
  const now = Date.now();
  try {
    db()
      .prepare(
        `INSERT INTO oidc_providers (id, label, issuer, client_id, client_secret, scopes, groups_claim, username_claim,
           allow_create, default_role, rules, enabled, allow_http, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        input.id,
        input.label,
        input.issuer,
        input.clientId,
        input.clientSecret ? encryptSecret(secretKey(), input.clientSecret, oidcSecretAad(input.id)) : null,
        input.scopes,
        input.groupsClaim,
        input.usernameClaim,
        input.allowCreate ? 1 : 0,
        input.defaultRole,
        JSON.stringify(input.rules),
        input.enabled ? 1 : 0,
        input.allowHttp ? 1 : 0,
        now,
        now,
      );
  } catch (err) {
    if (String((err as Error).message).includes('UNIQUE'))
      throw new HttpError(409, 'conflict', `An OIDC provider "${input.id}" already exists`, [
        { path: 'body.id', message: 'Already in use' },
      ]);
    throw err;
  }
  return providerView(input.id, origin);
}

export function updateProvider(id: string, input: OidcProviderUpdate, origin: string): OidcProviderView {
  refuseEnv(id);
  const row = getRow(id);
  const secret =
    input.clientSecret === undefined
      ? row.client_secret
      : input.clientSecret === ''
        ? null
        : encryptSecret(secretKey(), input.clientSecret, oidcSecretAad(id));
  const flag = (value: boolean | undefined, was: number) => (value === undefined ? was : value ? 1 : 0);
  db()
    .prepare(
      `UPDATE oidc_providers SET label = ?, issuer = ?, client_id = ?, client_secret = ?, scopes = ?, groups_claim = ?,
         username_claim = ?, allow_create = ?, default_role = ?, rules = ?, enabled = ?, allow_http = ?, updated_at = ?
       WHERE id = ?`,
    )
    .run(
      input.label ?? row.label,
      input.issuer ?? row.issuer,
      input.clientId ?? row.client_id,
      secret,
      input.scopes ?? row.scopes,
      input.groupsClaim ?? row.groups_claim,
      input.usernameClaim ?? row.username_claim,
      flag(input.allowCreate, row.allow_create),
      input.defaultRole ?? row.default_role,
      input.rules ? JSON.stringify(input.rules) : row.rules,
      flag(input.enabled, row.enabled),
      flag(input.allowHttp, row.allow_http),
      // Strictly later, so the flow's cached discovery (keyed by it) is never reused after an edit.
      Math.max(Date.now(), row.updated_at + 1),
      id,
    );
  return providerView(id, origin);
}

/** Removes the provider; the accounts it created stay (an admin disables them), their links are kept. */
export function deleteProvider(id: string): void {
  refuseEnv(id);
  getRow(id);
  db().prepare('DELETE FROM oidc_providers WHERE id = ?').run(id);
}
