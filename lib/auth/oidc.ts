import { z } from 'zod';
import type { GroupRule } from '@/lib/auth/external';
import { groupRulesSchema } from '@/lib/auth/external';
import { ROLES, type Role } from '@/lib/auth/roles';

/** The provider configured by BERTH_OIDC_* at start: read-only in the UI and the API. */
export const ENV_PROVIDER_ID = 'env';
/** Path segments of /api/auth/oidc/… that are not provider ids. */
export const RESERVED_PROVIDER_IDS = [ENV_PROVIDER_ID, 'providers', 'discover'] as const;

export const DEFAULT_SCOPES = 'openid profile email';
export const DEFAULT_GROUPS_CLAIM = 'groups';
export const DEFAULT_USERNAME_CLAIM = 'preferred_username';

const providerId = z
  .string()
  .trim()
  .regex(/^[a-z0-9][a-z0-9-]{0,31}$/, 'Lowercase letters, digits and dashes (at most 32), as in "corp-sso"')
  .refine((id) => !(RESERVED_PROVIDER_IDS as readonly string[]).includes(id), 'This id is reserved');

/** An issuer URL: http(s), no credentials, query or fragment (discovery appends its well-known path). */
export const issuerSchema = z
  .string()
  .trim()
  .min(1, 'An issuer URL is required')
  .max(512)
  .refine((value) => {
    try {
      const url = new URL(value);
      return (
        (url.protocol === 'https:' || url.protocol === 'http:') &&
        !url.username &&
        !url.password &&
        !url.search &&
        !url.hash
      );
    } catch {
      return false;
    }
  }, 'Not an issuer URL (https://idp.example.com/realms/team)');

const scopes = z
  .string()
  .trim()
  .max(512)
  .refine((s) => s.split(/\s+/).includes('openid'), 'The scopes must include "openid"');
const claimName = z
  .string()
  .trim()
  .min(1)
  .max(128)
  .regex(/^[\w:./-]+$/, 'A claim name (dots reach into objects: realm_access.roles)');

const fields = {
  label: z.string().trim().min(1, 'A button label is required').max(64),
  issuer: issuerSchema,
  clientId: z.string().trim().min(1, 'A client id is required').max(512),
  scopes,
  groupsClaim: claimName,
  usernameClaim: claimName,
  allowCreate: z.boolean(),
  defaultRole: z.enum(ROLES),
  rules: groupRulesSchema,
  enabled: z.boolean(),
  /** Plain-http issuers other than loopback ones only when the admin says so (a test or lab provider). */
  allowHttp: z.boolean(),
};

export const oidcProviderCreateSchema = z.object({
  id: providerId,
  ...fields,
  clientSecret: z.string().max(4096).optional(),
  scopes: scopes.default(DEFAULT_SCOPES),
  groupsClaim: claimName.default(DEFAULT_GROUPS_CLAIM),
  usernameClaim: claimName.default(DEFAULT_USERNAME_CLAIM),
  allowCreate: z.boolean().default(false),
  defaultRole: z.enum(ROLES).default('viewer'),
  rules: groupRulesSchema.default([]),
  enabled: z.boolean().default(true),
  allowHttp: z.boolean().default(false),
});
export type OidcProviderCreate = z.output<typeof oidcProviderCreateSchema>;

/** Edit: a field left out keeps its value; `clientSecret: ''` forgets the stored secret (a public client). */
export const oidcProviderUpdateSchema = z.object({
  label: fields.label.optional(),
  issuer: fields.issuer.optional(),
  clientId: fields.clientId.optional(),
  clientSecret: z.string().max(4096).optional(),
  scopes: scopes.optional(),
  groupsClaim: claimName.optional(),
  usernameClaim: claimName.optional(),
  allowCreate: z.boolean().optional(),
  defaultRole: z.enum(ROLES).optional(),
  rules: groupRulesSchema.optional(),
  enabled: z.boolean().optional(),
  allowHttp: z.boolean().optional(),
});
export type OidcProviderUpdate = z.output<typeof oidcProviderUpdateSchema>;

export const oidcProviderParams = z.object({ id: z.string().min(1).max(64) });

export const oidcDiscoverSchema = z.object({ issuer: issuerSchema, allowHttp: z.boolean().default(false) });

/** A provider as the settings page sees it: the client secret never leaves the server. */
export interface OidcProviderView {
  id: string;
  label: string;
  issuer: string;
  clientId: string;
  secretSet: boolean;
  scopes: string;
  groupsClaim: string;
  usernameClaim: string;
  allowCreate: boolean;
  defaultRole: Role;
  rules: GroupRule[];
  enabled: boolean;
  allowHttp: boolean;
  /** Configured by BERTH_OIDC_* environment variables: change it there. */
  readOnly: boolean;
  /** What to register at the provider, from the address this page was opened at. */
  redirectUri: string;
}

/** What the login page needs: one button per enabled provider. */
export interface OidcLoginOption {
  id: string;
  label: string;
}

export interface OidcDiscoveryResult {
  issuer: string;
  authorizationEndpoint: string;
  tokenEndpoint: string | null;
  userinfoEndpoint: string | null;
  /** Whether the provider says it supports PKCE with S256 (Berth always sends it). */
  pkceS256: boolean | null;
}

/**
 * Why a sign-in through a provider ended without a session: the login page reads `?oidcError=<code>` and says
 * what to fix (lib/i18n `oidc.errors.<code>`).
 */
export const OIDC_ERROR_CODES = [
  'unknownProvider',
  'providerDown',
  'insecureIssuer',
  'discoveryFailed',
  'badState',
  'denied',
  'providerError',
  'clientRejected',
  'codeRejected',
  'nonceMismatch',
  'clockSkew',
  'badIdToken',
  'noSubject',
  'userUnknown',
  'accountDisabled',
  'failed',
] as const;
export type OidcErrorCode = (typeof OIDC_ERROR_CODES)[number];

export function isOidcErrorCode(value: unknown): value is OidcErrorCode {
  return typeof value === 'string' && (OIDC_ERROR_CODES as readonly string[]).includes(value);
}
