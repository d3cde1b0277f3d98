import { oidcApi } from '@/lib/api/oidc';
import { oidcProviderCreateSchema } from '@/lib/auth/oidc';
import { requestOrigin } from '@/server/auth/oidc/http';
import { createProvider, listProviders } from '@/server/auth/oidc/store';
import { route } from '@/server/http/route';

/** OIDC providers with their redirect URI; client secrets never leave the server (`secretSet` only). */
export const GET = route({
  endpoint: oidcApi.list,
  permission: 'settings:admin',
  handler: async ({ req }) => listProviders(requestOrigin(req)),
});

export const POST = route({
  endpoint: oidcApi.create,
  permission: 'settings:admin',
  body: oidcProviderCreateSchema,
  audit: { action: 'oidc.provider.create', target: ({ body }) => body.id },
  handler: async ({ req, body }) => Response.json(createProvider(body, requestOrigin(req)), { status: 201 }),
});
