import { z } from 'zod';
import { passkeysApi } from '@/lib/api/passkeys';
import { renamePasskeySchema } from '@/lib/auth/passkeys';
import { asUser } from '@/server/auth/guard';
import { deletePasskey, renamePasskey } from '@/server/auth/passkeys';
import { HttpError } from '@/server/http/errors';
import { route } from '@/server/http/route';

const params = z.object({ id: z.coerce.number().int().positive() });

/** Another user's passkey is answered as one that does not exist: 404, nothing said about whose it is. */
export const PATCH = route({
  endpoint: passkeysApi.rename,
  permission: 'self',
  params,
  body: renamePasskeySchema,
  audit: { action: 'passkey.rename', target: ({ params, body }) => `passkey ${params.id}: ${body.name}` },
  handler: async ({ principal, params, body }) => {
    const view = renamePasskey(asUser(principal).user.id, params.id, body.name);
    if (!view) throw new HttpError(404, 'not_found', `No passkey ${params.id}`);
    return view;
  },
});

export const DELETE = route({
  endpoint: passkeysApi.remove,
  permission: 'self',
  params,
  audit: { action: 'passkey.remove', target: ({ params }) => `passkey ${params.id}` },
  handler: async ({ principal, params }) => {
    if (!deletePasskey(asUser(principal).user.id, params.id)) {
      throw new HttpError(404, 'not_found', `No passkey ${params.id}`);
    }
  },
});
