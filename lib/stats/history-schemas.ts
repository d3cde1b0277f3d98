import { z } from 'zod';
import { HISTORY_RANGES, TOP_BY } from '@/lib/stats/history';

export const historySeriesQuery = z.object({
  range: z.enum(HISTORY_RANGES).default('1h'),
  project: z.string().max(255).optional(),
});

export const topConsumersQuery = z.object({
  range: z.enum(HISTORY_RANGES).default('1h'),
  by: z.enum(TOP_BY).default('cpu'),
  limit: z.coerce.number().int().min(1).max(100).default(10),
  /** Only the containers of this compose project. */
  project: z.string().max(255).optional(),
});

export const metricsSettingsBody = z.object({ enabled: z.boolean(), rotateToken: z.boolean().optional() });
