import { stacksApi } from '@/lib/api/stacks';
import { validateStackBody } from '@/lib/stacks/schemas';
import { requireCompose } from '@/server/compose/binary';
import { route } from '@/server/http/route';
import { renderFiles, toValidation } from '@/server/stacks/validate';

/** Compose's verdict on files while they are edited: nothing is saved, so nothing is audited. */
export const POST = route({
  endpoint: stacksApi.validate,
  permission: 'stacks:write',
  body: validateStackBody,
  audit: false,
  handler: async ({ body }) => {
    await requireCompose();
    const files = {
      compose: body.compose,
      override: body.override?.trim() ? body.override : null,
      env: body.env?.trim() ? body.env : null,
    };
    return toValidation(await renderFiles(body.name ?? 'berth-validate', files));
  },
});
