import { alertIdParams, alertRuleUpdateSchema } from '@/lib/alerts/schemas';
import { alertsApi } from '@/lib/api/alerts';
import { checkOperatorRule, checkRuleOwner } from '@/server/alerts/routes';
import { deleteRule, getRule, updateRule } from '@/server/alerts/store';
import { syncAlertWatcher } from '@/server/alerts/watcher';
import { asUser } from '@/server/auth/guard';
import { route } from '@/server/http/route';

export const PATCH = route({
  endpoint: alertsApi.updateRule,
  permission: 'alerts:write',
  params: alertIdParams,
  body: alertRuleUpdateSchema,
  audit: { action: 'alert.rule.update', target: ({ params }) => String(params.id) },
  handler: async ({ params, body, principal }) => {
    const user = asUser(principal).user;
    const current = getRule(params.id);
    checkRuleOwner(user, current);
    checkOperatorRule(user, body, current.kind);
    const rule = updateRule(params.id, body);
    syncAlertWatcher();
    return rule;
  },
});

export const DELETE = route({
  endpoint: alertsApi.removeRule,
  permission: 'alerts:write',
  params: alertIdParams,
  audit: { action: 'alert.rule.delete', target: ({ params }) => String(params.id) },
  handler: async ({ params, principal }) => {
    checkRuleOwner(asUser(principal).user, getRule(params.id));
    deleteRule(params.id);
    syncAlertWatcher();
  },
});
