import { oidcApi } from '@/lib/api/oidc';
import { loginOptions } from '@/server/auth/oidc/store';
import { route } from '@/server/http/route';

/** Public: the login page's buttons (id and label of the enabled providers, nothing else). */
export const GET = route({
  endpoint: oidcApi.loginOptions,
  permission: 'public',
  handler: async () => loginOptions(),
});
