import { passkeysApi } from '@/lib/api/passkeys';
import { asUser } from '@/server/auth/guard';
import { listPasskeys } from '@/server/auth/passkeys';
import { route } from '@/server/http/route';

export const GET = route({
  endpoint: passkeysApi.list,
  permission: 'self',
  handler: async ({ principal }) => listPasskeys(asUser(principal).user.id),
});
