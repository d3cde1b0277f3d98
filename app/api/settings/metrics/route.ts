import { statsHistoryApi } from '@/lib/api/stats-history';
import { metricsSettingsBody } from '@/lib/stats/history-schemas';
import { route } from '@/server/http/route';
import {
  metricsSettings,
  rotateMetricsToken,
  setMetricsEnabled,
} from '@/server/stats-history/metrics-settings';

export const GET = route({
  endpoint: statsHistoryApi.metricsSettings,
  permission: 'settings:admin',
  handler: async () => metricsSettings(),
});

export const PUT = route({
  endpoint: statsHistoryApi.updateMetricsSettings,
  permission: 'settings:admin',
  body: metricsSettingsBody,
  audit: {
    action: ({ body }) =>
      body.rotateToken ? 'metrics.token.rotate' : body.enabled ? 'metrics.enable' : 'metrics.disable',
    target: () => '/metrics',
  },
  handler: async ({ body }) => {
    const updated = setMetricsEnabled(body.enabled);
    return body.rotateToken && !updated.token ? rotateMetricsToken() : updated;
  },
});
