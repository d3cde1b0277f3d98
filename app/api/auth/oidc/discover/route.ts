import { oidcApi } from '@/lib/api/oidc';
import { oidcDiscoverSchema } from '@/lib/auth/oidc';
import { testDiscovery } from '@/server/auth/oidc/flow';
import { route } from '@/server/http/route';

/** The settings' "Test discovery": reads the issuer's discovery document, changes nothing. */
export const POST = route({
  endpoint: oidcApi.discover,
  permission: 'settings:admin',
  body: oidcDiscoverSchema,
  audit: { action: 'oidc.discover', target: ({ body }) => body.issuer },
  handler: async ({ body }) => testDiscovery(body.issuer, body.allowHttp),
});
