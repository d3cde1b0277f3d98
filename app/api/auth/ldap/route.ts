import { ldapApi } from '@/lib/api/ldap';
import { ldapConfigSchema } from '@/lib/auth/ldap';
import { ldapConfigView, saveLdapConfig } from '@/server/auth/ldap-store';
import { route } from '@/server/http/route';

/** The LDAP directory for sign-in; the service account's password is written, never read back. */
export const GET = route({
  endpoint: ldapApi.get,
  permission: 'settings:admin',
  handler: async () => ldapConfigView(),
});

export const PUT = route({
  endpoint: ldapApi.update,
  permission: 'settings:admin',
  body: ldapConfigSchema,
  audit: {
    action: 'ldap.update',
    target: ({ body }) => `${body.enabled ? 'enabled' : 'disabled'} ${body.url}`.trim(),
    command: () => null,
  },
  handler: async ({ body }) => saveLdapConfig(body),
});
