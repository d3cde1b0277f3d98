import { registriesApi } from '@/lib/api/registries';
import { renderLoginCommand } from '@/lib/registries/cli';
import { registryIdParams } from '@/lib/registries/schemas';
import { route } from '@/server/http/route';
import { loginCheck } from '@/server/registries/login';
import { getRegistry, registryCredentials } from '@/server/registries/store';

/** `docker login` with the stored credentials: does the registry accept them? */
export const POST = route({
  endpoint: registriesApi.login,
  permission: 'registries:read',
  params: registryIdParams,
  audit: {
    action: 'registry.login',
    target: ({ params }) => String(params.id),
    command: ({ params }) => {
      const r = getRegistry(params.id);
      return renderLoginCommand(r.host, r.username);
    },
  },
  handler: async ({ params }) => {
    const creds = registryCredentials(params.id);
    return loginCheck(creds.auth ?? { username: '', password: '', serveraddress: creds.host }, false);
  },
});
