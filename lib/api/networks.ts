import type { z } from 'zod';
import { endpoint } from '@/lib/api/endpoint';
import type { NetworkConnectInput, NetworkCreateInput, networkDisconnectSchema } from '@/lib/networks/form';
import type { NetworkCapabilities, NetworkDetail, NetworkSummary } from '@/lib/networks/types';
import type { PruneFiltersInput, PrunePreview, PruneResult } from '@/lib/prune/types';

export interface CreatedNetwork {
  id: string;
  name: string;
}

/** The network endpoints, shared by their routes (app/api/networks) and the browser. */
export const networksApi = {
  list: endpoint<NetworkSummary[]>()('GET', '/api/networks'),
  /** Answered with 201. */
  create: endpoint<CreatedNetwork, NetworkCreateInput>()('POST', '/api/networks'),
  drivers: endpoint<NetworkCapabilities>()('GET', '/api/networks/drivers'),
  detail: endpoint<NetworkDetail>()('GET', '/api/networks/[id]'),
  remove: endpoint<void>()('DELETE', '/api/networks/[id]'),
  connect: endpoint<{ ok: true }, NetworkConnectInput>()('POST', '/api/networks/[id]/connect'),
  disconnect: endpoint<{ ok: true }, z.input<typeof networkDisconnectSchema>>()(
    'POST',
    '/api/networks/[id]/disconnect',
  ),
  /** `filters` is the JSON of PruneFilters. */
  prunePreview: endpoint<PrunePreview, undefined, { filters?: string }>()('GET', '/api/networks/prune'),
  prune: endpoint<PruneResult, { filters?: PruneFiltersInput; ids?: string[] }>()(
    'POST',
    '/api/networks/prune',
  ),
};
