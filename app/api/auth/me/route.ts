import { authApi } from '@/lib/api/auth';
import { effectivePermissions, environmentPermissions } from '@/server/auth/guard';
import { route } from '@/server/http/route';
import { getSettings } from '@/server/settings/store';

export const GET = route({
  endpoint: authApi.me,
  permission: 'self',
  handler: async ({ principal }) => {
    if (principal.kind !== 'user') return null;
    return {
      user: principal.user,
      permissions: effectivePermissions(principal.user),
      environmentPermissions: environmentPermissions(principal.user),
      require2fa: getSettings().require2fa,
    };
  },
});
