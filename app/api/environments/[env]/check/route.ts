import { environmentsApi } from '@/lib/api/environments';
import { environmentParams } from '@/server/environments/params';
import { checkSaved } from '@/server/environments/service';
import { route } from '@/server/http/route';

/** A read of the engine, though a POST (it dials out): not an action worth an audit entry of its own. */
export const POST = route({
  endpoint: environmentsApi.check,
  permission: 'engine:read',
  params: environmentParams,
  audit: {
    action: 'environment.check',
    target: ({ params }) => params.env,
    command: ({ params }) => `docker --context ${params.env} version`,
  },
  handler: async ({ params }) => checkSaved(params.env),
});
