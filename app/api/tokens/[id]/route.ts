import { z } from 'zod';
import { authApi } from '@/lib/api/auth';
import { revokeApiToken } from '@/server/auth/api-tokens';
import { HttpError } from '@/server/http/errors';
import { route } from '@/server/http/route';

export const DELETE = route({
  endpoint: authApi.revokeToken,
  permission: 'self',
  params: z.object({ id: z.coerce.number().int().positive() }),
  audit: { action: 'token.revoke', target: ({ params }) => `token ${params.id}` },
  handler: async ({ principal, params }) => {
    const owner = principal.kind === 'user' ? principal.user.id : -1;
    if (!revokeApiToken(owner, params.id)) throw new HttpError(404, 'not_found', `No token ${params.id}`);
  },
});
