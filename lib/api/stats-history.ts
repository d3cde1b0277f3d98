import { endpoint } from '@/lib/api/endpoint';
import type { MetricsSettingsView } from '@/lib/metrics/types';
import type { HistoryRange, HistorySeries, TopBy, TopConsumers } from '@/lib/stats/history';

/** Stored stats history (10 s for 24 h, 1 min for 7 days) and the /metrics switch. */
export const statsHistoryApi = {
  /** One container's points by name (`project` picks among same-named ones; else the one seen last). 404 if none. */
  series: endpoint<HistorySeries, undefined, { range?: HistoryRange; project?: string }>()(
    'GET',
    '/api/stats/history/[name]',
  ),
  top: endpoint<
    TopConsumers,
    undefined,
    { range?: HistoryRange; by?: TopBy; limit?: number; project?: string }
  >()('GET', '/api/stats/top'),
  metricsSettings: endpoint<MetricsSettingsView>()('GET', '/api/settings/metrics'),
  /**
   * On or off; enabling without a token, or `rotateToken`, makes a new one (in this answer only: only its hash
   * is stored), and the old one stops working.
   */
  updateMetricsSettings: endpoint<MetricsSettingsView, { enabled: boolean; rotateToken?: boolean }>()(
    'PUT',
    '/api/settings/metrics',
  ),
};
