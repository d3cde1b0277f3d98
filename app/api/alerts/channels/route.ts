import { alertChannelCreateSchema } from '@/lib/alerts/schemas';
import { alertsApi } from '@/lib/api/alerts';
import { createCheckedChannel } from '@/server/alerts/routes';
import { listChannels } from '@/server/alerts/store';
import { route } from '@/server/http/route';

/** Channels: names, kinds and URL origins; URLs and secrets never leave the server. */
export const GET = route({
  endpoint: alertsApi.channels,
  permission: 'alerts:read',
  handler: async () => listChannels(),
});

export const POST = route({
  endpoint: alertsApi.createChannel,
  permission: 'alerts:admin',
  body: alertChannelCreateSchema,
  audit: { action: 'alert.channel.create', target: ({ body }) => body.name },
  handler: async ({ body }) => Response.json(await createCheckedChannel(body), { status: 201 }),
});
