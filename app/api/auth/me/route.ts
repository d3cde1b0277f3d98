import { authApi } from '@/lib/api/auth';
import { ROLE_PERMISSIONS } from '@/lib/auth/roles';
import { route } from '@/server/http/route';
import { getSettings } from '@/server/settings/store';

export const GET = route({
  endpoint: authApi.me,
  permission: 'self',
  handler: async ({ principal }) => {
    if (principal.kind !== 'user') return null;
    return {
      user: principal.user,
      permissions: [...ROLE_PERMISSIONS[principal.user.role]],
      require2fa: getSettings().require2fa,
    };
  },
});
