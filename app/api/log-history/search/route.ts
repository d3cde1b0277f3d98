import { logHistoryApi } from '@/lib/api/log-history';
import { historySearchQuerySchema } from '@/lib/logs/history';
import { route } from '@/server/http/route';
import { runHistorySearch } from '@/server/log-history/service';

export const GET = route({
  endpoint: logHistoryApi.search,
  permission: 'containers:read',
  query: historySearchQuerySchema,
  handler: async ({ query }) => runHistorySearch(query),
});
