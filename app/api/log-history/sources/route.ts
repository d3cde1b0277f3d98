import { logHistoryApi } from '@/lib/api/log-history';
import { route } from '@/server/http/route';
import { historySources } from '@/server/log-history/service';

export const GET = route({
  endpoint: logHistoryApi.sources,
  permission: 'containers:read',
  handler: async () => historySources(),
});
