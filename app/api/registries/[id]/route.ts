import { registriesApi } from '@/lib/api/registries';
import { renderLoginCommand, renderLogoutCommand } from '@/lib/registries/cli';
import { registryIdParams } from '@/lib/registries/schemas';
import { registryUpdateSchema } from '@/lib/registries/types';
import { route } from '@/server/http/route';
import { deleteRegistry, getRegistry, updateRegistry } from '@/server/registries/store';

export const GET = route({
  endpoint: registriesApi.detail,
  permission: 'registries:read',
  params: registryIdParams,
  handler: async ({ params }) => getRegistry(params.id),
});

export const PATCH = route({
  endpoint: registriesApi.update,
  permission: 'registries:admin',
  params: registryIdParams,
  body: registryUpdateSchema,
  audit: {
    action: 'registry.update',
    target: ({ params }) => String(params.id),
    command: ({ params }) => {
      const r = getRegistry(params.id);
      return renderLoginCommand(r.host, r.username);
    },
  },
  handler: async ({ params, body }) => updateRegistry(params.id, body),
});

export const DELETE = route({
  endpoint: registriesApi.remove,
  permission: 'registries:admin',
  params: registryIdParams,
  audit: {
    action: 'registry.delete',
    target: ({ params }) => String(params.id),
    command: ({ params }) => renderLogoutCommand(getRegistry(params.id).host),
  },
  handler: async ({ params }) => deleteRegistry(params.id),
});
