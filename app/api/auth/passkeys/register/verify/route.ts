import { passkeysApi } from '@/lib/api/passkeys';
import { registerVerifySchema } from '@/lib/auth/passkeys';
import { asUser } from '@/server/auth/guard';
import { registerPasskey } from '@/server/auth/passkeys';
import { route } from '@/server/http/route';

export const POST = route({
  endpoint: passkeysApi.registerVerify,
  permission: 'self',
  body: registerVerifySchema,
  status: 201,
  audit: { action: 'passkey.add', target: ({ body }) => `passkey ${body.name}` },
  handler: async ({ principal, body }) =>
    registerPasskey(asUser(principal).user.id, body.name, body.response),
});
