import { settingsApi } from '@/lib/api/settings';
import { appSettingsPatchSchema } from '@/lib/settings/app';
import { pruneAudit } from '@/server/audit/log';
import { route } from '@/server/http/route';
import { getSettings, updateSettings } from '@/server/settings/store';

export const GET = route({
  endpoint: settingsApi.get,
  permission: 'settings:admin',
  handler: async () => getSettings(),
});

export const PUT = route({
  endpoint: settingsApi.update,
  permission: 'settings:admin',
  body: appSettingsPatchSchema,
  audit: { action: 'settings.update', target: ({ body }) => Object.keys(body).join(', ') },
  handler: async ({ body }) => {
    const next = updateSettings(body);
    if (body.auditRetentionDays) pruneAudit(next.auditRetentionDays);
    return next;
  },
});
