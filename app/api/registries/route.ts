import { registriesApi } from '@/lib/api/registries';
import { registryHost } from '@/lib/images/reference';
import { renderLoginCommand } from '@/lib/registries/cli';
import { registryCreateSchema } from '@/lib/registries/types';
import { route } from '@/server/http/route';
import { createRegistry, listRegistries } from '@/server/registries/store';

/** Registries and their usernames; passwords and tokens never leave the server (`hasPassword` only). */
export const GET = route({
  endpoint: registriesApi.list,
  permission: 'registries:read',
  handler: async () => listRegistries(),
});

export const POST = route({
  endpoint: registriesApi.create,
  permission: 'registries:admin',
  body: registryCreateSchema,
  audit: {
    action: 'registry.create',
    target: ({ body }) => body.name,
    command: ({ body }) => renderLoginCommand(registryHost(body.url), body.username),
  },
  handler: async ({ body }) => Response.json(createRegistry(body), { status: 201 }),
});
