import { logHistoryApi } from '@/lib/api/log-history';
import { logHistoryConfigSchema } from '@/lib/logs/history';
import { route } from '@/server/http/route';
import { writeHistoryConfig } from '@/server/log-history/config';
import { applyHistoryConfig } from '@/server/log-history/ingest';
import { historyStatus } from '@/server/log-history/service';

export const GET = route({
  endpoint: logHistoryApi.status,
  permission: 'settings:admin',
  handler: async () => historyStatus(),
});

export const PUT = route({
  endpoint: logHistoryApi.updateConfig,
  permission: 'settings:admin',
  body: logHistoryConfigSchema,
  audit: { action: 'log-history.config', target: () => 'log history' },
  handler: async ({ body }) => {
    await applyHistoryConfig(writeHistoryConfig(body));
    return historyStatus();
  },
});
