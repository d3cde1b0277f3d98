import { alertIdParams } from '@/lib/alerts/schemas';
import { alertsApi } from '@/lib/api/alerts';
import { acknowledgeFiring } from '@/server/alerts/store';
import { route } from '@/server/http/route';

export const POST = route({
  endpoint: alertsApi.acknowledge,
  permission: 'alerts:ack',
  params: alertIdParams,
  audit: { action: 'alert.acknowledge', target: ({ params }) => String(params.id) },
  handler: async ({ params, principal }) =>
    acknowledgeFiring(params.id, principal.kind === 'user' ? principal.user.username : 'unknown'),
});
