import { authApi } from '@/lib/api/auth';
import type { AuthStatus } from '@/lib/auth/schemas';
import { setupRequired } from '@/server/auth/setup';
import { route } from '@/server/http/route';

export const GET = route({
  endpoint: authApi.status,
  permission: 'public',
  handler: async (): Promise<AuthStatus> => ({ setupRequired: setupRequired() }),
});
