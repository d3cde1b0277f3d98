import { firingsQuery } from '@/lib/alerts/schemas';
import { alertsApi } from '@/lib/api/alerts';
import { listFirings } from '@/server/alerts/store';
import { route } from '@/server/http/route';

/** Firings, newest first, with the delivery status per channel. */
export const GET = route({
  endpoint: alertsApi.firings,
  permission: 'alerts:read',
  query: firingsQuery,
  handler: async ({ query }) => listFirings(query),
});
