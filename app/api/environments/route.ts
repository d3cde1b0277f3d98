import { environmentsApi } from '@/lib/api/environments';
import { environmentCreateSchema } from '@/lib/environments/schemas';
import { contextCreateCommand } from '@/server/environments/cli';
import { addEnvironment } from '@/server/environments/service';
import { listEnvironments } from '@/server/environments/store';
import { route } from '@/server/http/route';

export const GET = route({
  endpoint: environmentsApi.list,
  permission: 'engine:read',
  handler: async () => listEnvironments(),
});

export const POST = route({
  endpoint: environmentsApi.create,
  permission: 'environments:admin',
  body: environmentCreateSchema,
  status: 201,
  audit: {
    action: 'environment.create',
    target: ({ body }) => body.id,
    command: ({ body }) => contextCreateCommand('create', body.id, body.address, !!body.tls),
  },
  handler: async ({ body }) => addEnvironment(body),
});
