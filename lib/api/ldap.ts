import { endpoint } from '@/lib/api/endpoint';
import type { LdapConfigInput, LdapConfigView, LdapTestResult } from '@/lib/auth/ldap';

/** The LDAP directory Berth signs people in with (admins; the service password is never answered). */
export const ldapApi = {
  get: endpoint<LdapConfigView>()('GET', '/api/auth/ldap'),
  update: endpoint<LdapConfigView, LdapConfigInput>()('PUT', '/api/auth/ldap'),
  /** Service bind with the stored configuration, and optionally a user lookup; answers what failed. */
  test: endpoint<LdapTestResult, { username?: string }>()('POST', '/api/auth/ldap/test'),
};
