import { type GroupRule, groupRulesSchema } from '@/lib/auth/external';
import {
  DEFAULT_GROUPS_CLAIM,
  DEFAULT_SCOPES,
  DEFAULT_USERNAME_CLAIM,
  ENV_PROVIDER_ID,
  issuerSchema,
} from '@/lib/auth/oidc';
import { isRole, type Role } from '@/lib/auth/roles';

/** A provider with its secret in the clear: what the sign-in flow works with, never sent to a browser. */
export interface OidcProviderConfig {
  id: string;
  label: string;
  issuer: string;
  clientId: string;
  clientSecret: string | null;
  scopes: string;
  groupsClaim: string;
  usernameClaim: string;
  allowCreate: boolean;
  defaultRole: Role;
  rules: GroupRule[];
  enabled: boolean;
  allowHttp: boolean;
  readOnly: boolean;
  /** Changes when the admin edits the provider: the cached discovery is then fetched again. */
  updatedAt: number;
}

const bool = (value: string | undefined, fallback: boolean) =>
  value === undefined || value === '' ? fallback : /^(1|true|yes|on)$/i.test(value.trim());

/**
 * The provider of BERTH_OIDC_* (container deployments), or null when BERTH_OIDC_ISSUER is unset. A variable
 * that cannot be read stops the start with what is wrong: a sign-in that silently ignores it would be worse.
 */
export function providerFromEnv(env: Record<string, string | undefined>): OidcProviderConfig | null {
  const issuerValue = env.BERTH_OIDC_ISSUER?.trim();
  if (!issuerValue) return null;
  const issuer = issuerSchema.safeParse(issuerValue);
  if (!issuer.success) throw new Error(`BERTH_OIDC_ISSUER is not an issuer URL: ${issuerValue}`);
  const clientId = env.BERTH_OIDC_CLIENT_ID?.trim();
  if (!clientId) throw new Error('BERTH_OIDC_CLIENT_ID is required with BERTH_OIDC_ISSUER');
  const scopes = env.BERTH_OIDC_SCOPES?.trim() || DEFAULT_SCOPES;
  if (!scopes.split(/\s+/).includes('openid')) throw new Error('BERTH_OIDC_SCOPES must include "openid"');
  const defaultRole = env.BERTH_OIDC_DEFAULT_ROLE?.trim() || 'viewer';
  if (!isRole(defaultRole))
    throw new Error(`BERTH_OIDC_DEFAULT_ROLE must be viewer, operator or admin, got "${defaultRole}"`);
  let rules: GroupRule[] = [];
  if (env.BERTH_OIDC_RULES?.trim()) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(env.BERTH_OIDC_RULES);
    } catch {
      throw new Error('BERTH_OIDC_RULES is not JSON: use [{"group":"ops","team":"ops","role":"operator"}]');
    }
    const checked = groupRulesSchema.safeParse(parsed);
    if (!checked.success)
      throw new Error(
        `BERTH_OIDC_RULES: ${checked.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
      );
    rules = checked.data;
  }
  return {
    id: ENV_PROVIDER_ID,
    label: env.BERTH_OIDC_LABEL?.trim() || 'Single sign-on',
    issuer: issuer.data,
    clientId,
    clientSecret: env.BERTH_OIDC_CLIENT_SECRET || null,
    scopes,
    groupsClaim: env.BERTH_OIDC_GROUPS_CLAIM?.trim() || DEFAULT_GROUPS_CLAIM,
    usernameClaim: env.BERTH_OIDC_USERNAME_CLAIM?.trim() || DEFAULT_USERNAME_CLAIM,
    allowCreate: bool(env.BERTH_OIDC_ALLOW_CREATE, false),
    defaultRole,
    rules,
    enabled: true,
    allowHttp: bool(env.BERTH_OIDC_ALLOW_HTTP, false),
    readOnly: true,
    updatedAt: 0,
  };
}
