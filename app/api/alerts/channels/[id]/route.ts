import { alertChannelUpdateSchema, alertIdParams } from '@/lib/alerts/schemas';
import { alertsApi } from '@/lib/api/alerts';
import { updateCheckedChannel } from '@/server/alerts/routes';
import { deleteChannel } from '@/server/alerts/store';
import { route } from '@/server/http/route';

/** Edits a channel without re-entering its secret (absent: kept; null: cleared). */
export const PATCH = route({
  endpoint: alertsApi.updateChannel,
  permission: 'alerts:admin',
  params: alertIdParams,
  body: alertChannelUpdateSchema,
  audit: { action: 'alert.channel.update', target: ({ params }) => String(params.id) },
  handler: async ({ params, body }) => updateCheckedChannel(params.id, body),
});

export const DELETE = route({
  endpoint: alertsApi.removeChannel,
  permission: 'alerts:admin',
  params: alertIdParams,
  audit: { action: 'alert.channel.delete', target: ({ params }) => String(params.id) },
  handler: async ({ params }) => deleteChannel(params.id),
});
