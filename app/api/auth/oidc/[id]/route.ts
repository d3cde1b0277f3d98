import { oidcApi } from '@/lib/api/oidc';
import { oidcProviderParams, oidcProviderUpdateSchema } from '@/lib/auth/oidc';
import { requestOrigin } from '@/server/auth/oidc/http';
import { deleteProvider, updateProvider } from '@/server/auth/oidc/store';
import { route } from '@/server/http/route';

export const PATCH = route({
  endpoint: oidcApi.update,
  permission: 'settings:admin',
  params: oidcProviderParams,
  body: oidcProviderUpdateSchema,
  audit: { action: 'oidc.provider.update', target: ({ params }) => params.id },
  handler: async ({ req, params, body }) => updateProvider(params.id, body, requestOrigin(req)),
});

export const DELETE = route({
  endpoint: oidcApi.remove,
  permission: 'settings:admin',
  params: oidcProviderParams,
  audit: { action: 'oidc.provider.delete', target: ({ params }) => params.id },
  handler: async ({ params }) => deleteProvider(params.id),
});
