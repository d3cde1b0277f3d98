import { z } from 'zod';
import { authApi } from '@/lib/api/auth';
import { assertSessionForTokens, revokeApiToken, setApiTokenKeep } from '@/server/auth/api-tokens';
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

/** Keep (or not) a token across "log out everywhere" and password changes: from a session only. */
export const PATCH = route({
  endpoint: authApi.setTokenKeep,
  permission: 'self',
  params: z.object({ id: z.coerce.number().int().positive() }),
  body: z.object({ keep: z.boolean() }),
  audit: { action: 'token.update', target: ({ params, body }) => `token ${params.id}: keep=${body.keep}` },
  handler: async ({ principal, params, body }) => {
    assertSessionForTokens(principal);
    const owner = principal.kind === 'user' ? principal.user.id : -1;
    const view = setApiTokenKeep(owner, params.id, body.keep);
    if (!view) throw new HttpError(404, 'not_found', `No token ${params.id}`);
    return view;
  },
});
