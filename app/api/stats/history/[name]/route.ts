import { z } from 'zod';
import { statsHistoryApi } from '@/lib/api/stats-history';
import { historySeriesQuery } from '@/lib/stats/history-schemas';
import { currentEnvironment } from '@/server/docker/client';
import { HttpError } from '@/server/http/errors';
import { route } from '@/server/http/route';
import { readSeries } from '@/server/stats-history/store';

export const GET = route({
  endpoint: statsHistoryApi.series,
  permission: 'containers:read',
  params: z.object({ name: z.string().min(1).max(255) }),
  query: historySeriesQuery,
  handler: async ({ params, query }) => {
    const series = readSeries(currentEnvironment(), params.name, query.project, query.range);
    if (!series) throw new HttpError(404, 'not_found', `No stats history for container "${params.name}"`);
    return series;
  },
});
