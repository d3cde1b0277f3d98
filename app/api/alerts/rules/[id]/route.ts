import { alertIdParams, alertRuleUpdateSchema } from '@/lib/alerts/schemas';
import { alertsApi } from '@/lib/api/alerts';
import { deleteRule, updateRule } from '@/server/alerts/store';
import { syncAlertWatcher } from '@/server/alerts/watcher';
import { route } from '@/server/http/route';

export const PATCH = route({
  endpoint: alertsApi.updateRule,
  permission: 'alerts:admin',
  params: alertIdParams,
  body: alertRuleUpdateSchema,
  audit: { action: 'alert.rule.update', target: ({ params }) => String(params.id) },
  handler: async ({ params, body }) => {
    const rule = updateRule(params.id, body);
    syncAlertWatcher();
    return rule;
  },
});

export const DELETE = route({
  endpoint: alertsApi.removeRule,
  permission: 'alerts:admin',
  params: alertIdParams,
  audit: { action: 'alert.rule.delete', target: ({ params }) => String(params.id) },
  handler: async ({ params }) => {
    deleteRule(params.id);
    syncAlertWatcher();
  },
});
