import { alertIdParams } from '@/lib/alerts/schemas';
import { alertsApi } from '@/lib/api/alerts';
import { getChannel } from '@/server/alerts/store';
import { sendThrough } from '@/server/alerts/watcher';
import { route } from '@/server/http/route';

/** Sends a test notice now and says how it went (a failed delivery is a 200 with ok false). */
export const POST = route({
  endpoint: alertsApi.testChannel,
  permission: 'alerts:admin',
  params: alertIdParams,
  audit: { action: 'alert.channel.test', target: ({ params }) => String(params.id) },
  handler: async ({ params }) => {
    const channel = getChannel(params.id);
    return sendThrough(channel.id, {
      firingId: null,
      ruleId: null,
      ruleName: 'Test notification',
      kind: 'test',
      env: 'local',
      target: channel.name,
      containerId: null,
      message: `Test notification from Berth to channel ${channel.name}`,
      details: {},
      at: Date.now(),
    });
  },
});
