import { stacksApi } from '@/lib/api/stacks';
import { validateStackBody } from '@/lib/stacks/schemas';
import { asUser } from '@/server/auth/guard';
import { requireCompose } from '@/server/compose/binary';
import { route } from '@/server/http/route';
import { enforceStackSources, renderFiles, toValidation } from '@/server/stacks/validate';

/** Compose's verdict on files while they are edited: nothing is saved, so nothing is audited. */
export const POST = route({
  endpoint: stacksApi.validate,
  permission: 'stacks:write',
  body: validateStackBody,
  audit: false,
  handler: async ({ body, principal }) => {
    await requireCompose();
    const files = {
      compose: body.compose,
      override: body.override?.trim() ? body.override : null,
      env: body.env?.trim() ? body.env : null,
    };
    const name = body.name ?? 'berth-validate';
    // Rendering reads env_file / include files: a non-admin's may not point outside the stack's folder.
    enforceStackSources(asUser(principal), name, files);
    return toValidation(await renderFiles(name, files));
  },
});
