import { ldapApi } from '@/lib/api/ldap';
import { ldapTestSchema } from '@/lib/auth/ldap';
import { testLdap } from '@/server/auth/ldap';
import { ldapConfig } from '@/server/auth/ldap-store';
import { HttpError } from '@/server/http/errors';
import { route } from '@/server/http/route';

/** Service bind with the saved settings (and a user lookup when a name is given): which step failed and why. */
export const POST = route({
  endpoint: ldapApi.test,
  permission: 'settings:admin',
  body: ldapTestSchema,
  audit: {
    action: 'ldap.test',
    target: ({ body }) => body.username || 'service account',
    command: () => null,
  },
  handler: async ({ body }) => {
    const settings = ldapConfig();
    if (!settings?.url) throw new HttpError(400, 'bad_request', 'Save an LDAP URL first');
    return testLdap(settings, body.username || undefined);
  },
});
