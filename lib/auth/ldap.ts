import { z } from 'zod';
import { groupRulesSchema } from '@/lib/auth/external';
import { ROLES } from '@/lib/auth/roles';
import { shellJoin } from '@/lib/containers/cli';

/**
 * The LDAP directory Berth signs people in with (one per install). Shared by the settings form and the API; the
 * service account's password is write-only: the view only says whether one is stored.
 */

/** Where a user's groups come from: the entry's `memberOf` values, or a search of the group entries. */
export const LDAP_GROUP_MODES = ['memberOf', 'search'] as const;
export type LdapGroupMode = (typeof LDAP_GROUP_MODES)[number];

/** The provider id of the directory in user_identities and in the audit (`alice (ldap:ldap)`). */
export const LDAP_PROVIDER = 'ldap';

const PEM = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/;

const dn = z.string().trim().max(1024);

export const ldapConfigSchema = z
  .object({
    enabled: z.boolean().default(false),
    url: z
      .string()
      .trim()
      .max(512)
      .refine(
        (v) => v === '' || /^ldaps?:\/\/[^\s/]+\/?$/i.test(v),
        'Use ldap://host:port or ldaps://host:port',
      ),
    startTls: z.boolean().default(false),
    /** PEM certificate(s) of the CA that signed the directory's certificate; empty: the system's CAs. */
    caPem: z
      .string()
      .trim()
      .max(64 * 1024)
      .refine((v) => v === '' || PEM.test(v), 'Not a PEM certificate (-----BEGIN CERTIFICATE-----)')
      .default(''),
    bindDn: dn.default(''),
    /** Write-only: omitted keeps the stored password, '' removes it. */
    bindPassword: z.string().max(1024).optional(),
    userBase: dn.min(1, 'A search base is required'),
    /** `{username}` is replaced by the typed name, escaped (RFC 4515). */
    userFilter: z
      .string()
      .trim()
      .max(1024)
      .refine((v) => v.includes('{username}'), 'The filter must contain {username}')
      .refine((v) => v.startsWith('(') && v.endsWith(')'), 'The filter must be in parentheses'),
    usernameAttribute: z.string().trim().min(1).max(128).default('uid'),
    groupMode: z.enum(LDAP_GROUP_MODES).default('memberOf'),
    groupBase: dn.default(''),
    /** `{dn}` is replaced by the user's DN, escaped; `{username}` by the typed name, escaped. */
    groupFilter: z.string().trim().max(1024).default('(member={dn})'),
    allowCreate: z.boolean().default(true),
    defaultRole: z.enum(ROLES).default('viewer'),
    rules: groupRulesSchema.default([]),
  })
  .superRefine((v, ctx) => {
    if (v.enabled && !v.url) ctx.addIssue({ code: 'custom', path: ['url'], message: 'A URL is required' });
    if (v.startTls && v.url.toLowerCase().startsWith('ldaps:'))
      ctx.addIssue({
        code: 'custom',
        path: ['startTls'],
        message: 'StartTLS is for ldap:// URLs; ldaps:// is TLS already',
      });
    if (v.groupMode === 'search' && !v.groupBase)
      ctx.addIssue({ code: 'custom', path: ['groupBase'], message: 'A group search base is required' });
  });
export type LdapConfigInput = z.input<typeof ldapConfigSchema>;
export type LdapConfig = Omit<z.output<typeof ldapConfigSchema>, 'bindPassword'>;

/** The stored configuration as the settings page sees it. */
export interface LdapConfigView extends LdapConfig {
  hasBindPassword: boolean;
  updatedAt: number | null;
}

export const ldapTestSchema = z.object({
  /** Look this user up too (no password: only the search and the groups are tried). */
  username: z.string().trim().max(200).optional(),
});

export type LdapTestStep = 'connect' | 'tls' | 'serviceBind' | 'userSearch' | 'groups';

/** What "test connection" found: each step tried, the first failure says what to fix. */
export interface LdapTestResult {
  ok: boolean;
  steps: { step: LdapTestStep; ok: boolean; message: string }[];
  user?: { dn: string; subject: string; username: string; groups: string[] };
}

/** The `ldapsearch` that does what "test connection" does (the password is asked for with -W, never shown). */
export function renderLdapsearchCommand(
  config: Pick<LdapConfig, 'url' | 'startTls' | 'bindDn' | 'userBase' | 'userFilter' | 'usernameAttribute'>,
  username?: string,
): string {
  const args = ['ldapsearch', '-x', '-H', config.url || 'ldap://host:389'];
  if (config.startTls) args.push('-ZZ');
  if (config.bindDn) args.push('-D', config.bindDn, '-W');
  if (username) {
    // Same escaping as the server (RFC 4515), so the command finds what sign-in would.
    const escaped = username.replace(
      /[*()\\\0]/g,
      (c) => `\\${c.charCodeAt(0).toString(16).padStart(2, '0')}`,
    );
    args.push(
      '-b',
      config.userBase,
      config.userFilter.replaceAll('{username}', escaped),
      'entryUUID',
      'memberOf',
    );
  } else {
    args.push('-b', '', '-s', 'base', 'namingContexts');
  }
  return shellJoin(args);
}
