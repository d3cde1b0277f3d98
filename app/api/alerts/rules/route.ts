import { eventsCommand } from '@/lib/alerts/rules';
import { alertRuleCreateSchema } from '@/lib/alerts/schemas';
import { alertsApi } from '@/lib/api/alerts';
import { checkOperatorRule, ruleOwner } from '@/server/alerts/routes';
import { createRule, listRules } from '@/server/alerts/store';
import { syncAlertWatcher } from '@/server/alerts/watcher';
import { asUser } from '@/server/auth/guard';
import { route } from '@/server/http/route';

export const GET = route({
  endpoint: alertsApi.rules,
  permission: 'alerts:read',
  handler: async () => listRules(),
});

/** Admins write any rule; operators rules scoped to containers, for their teams (server/alerts/routes.ts). */
export const POST = route({
  endpoint: alertsApi.createRule,
  permission: 'alerts:write',
  body: alertRuleCreateSchema,
  audit: {
    action: 'alert.rule.create',
    target: ({ body }) => body.name,
    command: ({ body }) => eventsCommand(body.kind, body.scope, body.params),
  },
  handler: async ({ body, principal }) => {
    const user = asUser(principal).user;
    checkOperatorRule(user, body, body.kind);
    const rule = createRule(body, ruleOwner(user));
    syncAlertWatcher();
    return Response.json(rule, { status: 201 });
  },
});
