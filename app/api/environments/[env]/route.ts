import { environmentsApi } from '@/lib/api/environments';
import { environmentUpdateSchema } from '@/lib/environments/schemas';
import { contextCreateCommand } from '@/server/environments/cli';
import { environmentParams } from '@/server/environments/params';
import { changeEnvironment, removeEnvironment } from '@/server/environments/service';
import { getEnvironment } from '@/server/environments/store';
import { route } from '@/server/http/route';

export const GET = route({
  endpoint: environmentsApi.detail,
  permission: 'engine:read',
  params: environmentParams,
  handler: async ({ params }) => getEnvironment(params.env),
});

export const PATCH = route({
  endpoint: environmentsApi.update,
  permission: 'environments:admin',
  params: environmentParams,
  body: environmentUpdateSchema,
  audit: {
    action: 'environment.update',
    target: ({ params }) => params.env,
    command: ({ params, body }) =>
      body.address || body.tls !== undefined
        ? contextCreateCommand(
            'update',
            params.env,
            body.address ?? getEnvironment(params.env).address,
            !!body.tls,
          )
        : null,
  },
  handler: async ({ params, body }) => changeEnvironment(params.env, body),
});

export const DELETE = route({
  endpoint: environmentsApi.remove,
  permission: 'environments:admin',
  params: environmentParams,
  audit: {
    action: 'environment.delete',
    target: ({ params }) => params.env,
    command: ({ params }) => `docker context rm ${params.env}`,
  },
  handler: async ({ params }) => removeEnvironment(params.env),
});
