import { alertIdParams } from '@/lib/alerts/schemas';
import { alertsApi } from '@/lib/api/alerts';
import { deleteChannel } from '@/server/alerts/store';
import { route } from '@/server/http/route';

export const DELETE = route({
  endpoint: alertsApi.removeChannel,
  permission: 'alerts:admin',
  params: alertIdParams,
  audit: { action: 'alert.channel.delete', target: ({ params }) => String(params.id) },
  handler: async ({ params }) => deleteChannel(params.id),
});
