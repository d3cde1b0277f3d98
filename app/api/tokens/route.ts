import { z } from 'zod';
import { authApi } from '@/lib/api/auth';
import { assertSessionForTokens, createApiToken, listApiTokens } from '@/server/auth/api-tokens';
import { route } from '@/server/http/route';

const userId = (p: { kind: string; user?: { id: number } }) => p.user?.id ?? -1;

export const GET = route({
  endpoint: authApi.tokens,
  permission: 'self',
  handler: async ({ principal }) => listApiTokens(userId(principal)),
});

/**
 * The token is in this one answer only; it acts with the role of its user. Only a session mints tokens (403 for
 * a request made with a token). `keep`: the token survives "log out everywhere" and password changes.
 */
export const POST = route({
  endpoint: authApi.createToken,
  permission: 'self',
  body: z.object({
    name: z.string().trim().min(1, 'Required').max(100),
    expiresInDays: z.number().int().min(1).max(3650).optional(),
    keep: z.boolean().optional(),
  }),
  audit: { action: 'token.create', target: ({ body }) => body.name },
  handler: async ({ principal, body }) => {
    assertSessionForTokens(principal);
    const expiresAt = body.expiresInDays ? Date.now() + body.expiresInDays * 86_400_000 : null;
    const { token, view } = createApiToken(userId(principal), body.name, expiresAt, body.keep ?? false);
    return Response.json({ ...view, token }, { status: 201 });
  },
});
