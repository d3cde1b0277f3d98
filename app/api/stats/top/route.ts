import { statsHistoryApi } from '@/lib/api/stats-history';
import { topConsumersQuery } from '@/lib/stats/history-schemas';
import { currentEnvironment } from '@/server/docker/client';
import { route } from '@/server/http/route';
import { topConsumers } from '@/server/stats-history/store';

export const GET = route({
  endpoint: statsHistoryApi.top,
  permission: 'containers:read',
  query: topConsumersQuery,
  handler: async ({ query }) =>
    topConsumers(
      currentEnvironment(),
      query.range,
      query.by,
      query.limit,
      Date.now(),
      undefined,
      query.project,
    ),
});
