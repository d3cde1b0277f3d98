import type { z } from 'zod';
import type {
  alertChannelCreateSchema,
  alertChannelUpdateSchema,
  alertRuleCreateSchema,
  alertRuleUpdateSchema,
} from '@/lib/alerts/schemas';
import type { AlertChannelView, AlertFiringView, AlertRuleView, ChannelTestResult } from '@/lib/alerts/types';
import { endpoint } from '@/lib/api/endpoint';

/** Alert rules, notification channels and the firings they produced. */
export const alertsApi = {
  firings: endpoint<AlertFiringView[], undefined, { limit?: number; unacknowledged?: boolean }>()(
    'GET',
    '/api/alerts/firings',
  ),
  acknowledge: endpoint<AlertFiringView>()('POST', '/api/alerts/firings/[id]/acknowledge'),
  rules: endpoint<AlertRuleView[]>()('GET', '/api/alerts/rules'),
  /** Answered with 201. */
  createRule: endpoint<AlertRuleView, z.input<typeof alertRuleCreateSchema>>()('POST', '/api/alerts/rules'),
  updateRule: endpoint<AlertRuleView, z.input<typeof alertRuleUpdateSchema>>()(
    'PATCH',
    '/api/alerts/rules/[id]',
  ),
  removeRule: endpoint<void>()('DELETE', '/api/alerts/rules/[id]'),
  channels: endpoint<AlertChannelView[]>()('GET', '/api/alerts/channels'),
  /** Answered with 201. */
  createChannel: endpoint<AlertChannelView, z.input<typeof alertChannelCreateSchema>>()(
    'POST',
    '/api/alerts/channels',
  ),
  /** Edits a channel; an absent secret is kept. */
  updateChannel: endpoint<AlertChannelView, z.input<typeof alertChannelUpdateSchema>>()(
    'PATCH',
    '/api/alerts/channels/[id]',
  ),
  removeChannel: endpoint<void>()('DELETE', '/api/alerts/channels/[id]'),
  /** Sends a test notification through the channel now (with its retries). */
  testChannel: endpoint<ChannelTestResult>()('POST', '/api/alerts/channels/[id]/test'),
};
