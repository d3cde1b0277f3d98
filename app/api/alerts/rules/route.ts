import { eventsCommand } from '@/lib/alerts/rules';
import { alertRuleCreateSchema } from '@/lib/alerts/schemas';
import { alertsApi } from '@/lib/api/alerts';
import { createRule, listRules } from '@/server/alerts/store';
import { syncAlertWatcher } from '@/server/alerts/watcher';
import { route } from '@/server/http/route';

export const GET = route({
  endpoint: alertsApi.rules,
  permission: 'alerts:read',
  handler: async () => listRules(),
});

export const POST = route({
  endpoint: alertsApi.createRule,
  permission: 'alerts:admin',
  body: alertRuleCreateSchema,
  audit: {
    action: 'alert.rule.create',
    target: ({ body }) => body.name,
    command: ({ body }) => eventsCommand(body.kind, body.scope),
  },
  handler: async ({ body }) => {
    const rule = createRule(body);
    syncAlertWatcher();
    return Response.json(rule, { status: 201 });
  },
});
