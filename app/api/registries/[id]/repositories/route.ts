import { registriesApi } from '@/lib/api/registries';
import { registryIdParams } from '@/lib/registries/schemas';
import { route } from '@/server/http/route';
import { registryCredentials } from '@/server/registries/store';
import { listRepositories } from '@/server/registries/v2';

/** The registry's catalog (`/v2/_catalog`), fetched by the server with the stored credentials. */
export const GET = route({
  endpoint: registriesApi.repositories,
  permission: 'registries:read',
  params: registryIdParams,
  handler: async ({ params }) => {
    const c = registryCredentials(params.id);
    return listRepositories({ url: c.url, host: c.host, ...c.auth });
  },
});
