import { environmentsApi } from '@/lib/api/environments';
import { environmentCheckSchema } from '@/lib/environments/schemas';
import { checkConnection } from '@/server/environments/service';
import { route } from '@/server/http/route';

/** What a form holds, before it is saved: only those who may save it may make Berth dial an address. */
export const POST = route({
  endpoint: environmentsApi.checkTyped,
  permission: 'environments:admin',
  body: environmentCheckSchema,
  audit: { action: 'environment.check', target: ({ body }) => body.address },
  handler: async ({ body }) =>
    checkConnection({
      id: 'check',
      name: 'check',
      address: body.address,
      tls: body.tls ?? null,
      sshKey: body.sshKey ?? null,
      sshPassphrase: body.sshPassphrase ?? null,
    }),
});
