import {
  type LdapConfig,
  type LdapConfigInput,
  type LdapConfigView,
  ldapConfigSchema,
} from '@/lib/auth/ldap';
import { db } from '@/server/db';
import { HttpError } from '@/server/http/errors';
import { decryptSecret, encryptSecret } from '@/server/security/crypto';
import { secretKey } from '@/server/security/keys';

/** The one stored LDAP configuration (migration 16); the service password encrypted with the install's key. */

const BIND_AAD = 'ldap:bind';

/** What a fresh install shows in the form: OpenLDAP-style defaults, turned off. */
export const DEFAULT_LDAP_CONFIG: LdapConfig = {
  enabled: false,
  url: '',
  startTls: false,
  caPem: '',
  bindDn: '',
  userBase: '',
  userFilter: '(uid={username})',
  usernameAttribute: 'uid',
  groupMode: 'memberOf',
  groupBase: '',
  groupFilter: '(member={dn})',
  allowCreate: true,
  defaultRole: 'viewer',
  rules: [],
};

interface Row {
  config: string;
  bind_password: string | null;
  updated_at: number;
}

function row(): Row | undefined {
  return db()
    .prepare<[], Row>('SELECT config, bind_password, updated_at FROM ldap_config WHERE id = 1')
    .get();
}

function parsed(r: Row): LdapConfig {
  // Stored by saveLdapConfig through the same schema; defaults fill fields a later version added.
  const { bindPassword: _, ...config } = ldapConfigSchema.parse(JSON.parse(r.config));
  return config;
}

export function ldapConfigView(): LdapConfigView {
  const r = row();
  if (!r) return { ...DEFAULT_LDAP_CONFIG, hasBindPassword: false, updatedAt: null };
  return { ...parsed(r), hasBindPassword: !!r.bind_password, updatedAt: r.updated_at };
}

/** The configuration with the service password in clear, for binding; null when none is stored. */
export function ldapConfig(): (LdapConfig & { bindPassword: string }) | null {
  const r = row();
  if (!r) return null;
  let bindPassword = '';
  if (r.bind_password) {
    try {
      bindPassword = decryptSecret(secretKey(), r.bind_password, BIND_AAD);
    } catch {
      throw new HttpError(
        500,
        'ldap_unavailable',
        "The LDAP service account's password cannot be decrypted with this install's key (restored without " +
          'secret.key?): enter it again in Settings → LDAP',
      );
    }
  }
  return { ...parsed(r), bindPassword };
}

/** Whether the login form's passwords may go to the directory. */
export function ldapEnabled(): boolean {
  const r = row();
  return !!r && parsed(r).enabled;
}

export function saveLdapConfig(input: LdapConfigInput): LdapConfigView {
  const { bindPassword, ...config } = ldapConfigSchema.parse(input);
  const before = row();
  let secret = before?.bind_password ?? null;
  if (bindPassword !== undefined)
    secret = bindPassword ? encryptSecret(secretKey(), bindPassword, BIND_AAD) : null;
  db()
    .prepare(
      `INSERT INTO ldap_config (id, config, bind_password, updated_at) VALUES (1, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET config = excluded.config, bind_password = excluded.bind_password,
         updated_at = excluded.updated_at`,
    )
    .run(JSON.stringify(config), secret, Date.now());
  return ldapConfigView();
}
