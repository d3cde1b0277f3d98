import { containersApi } from '@/lib/api/containers';
import { maskEnvEntry } from '@/lib/containers/env';
import { asUser, holds } from '@/server/auth/guard';
import { containerSettings } from '@/server/docker/recreate';
import { route } from '@/server/http/route';
import { containerIdParams } from '@/server/http/schemas';

/**
 * The container's settings as the create form edits them (edit, duplicate, recreate). `containers:write`: it is
 * read to be created again. Environment values are masked as in the detail view for a caller without
 * `containers:env` (the names stay; a recreate without a form still uses the real values).
 */
export const GET = route({
  endpoint: containersApi.settings,
  permission: 'containers:write',
  params: containerIdParams,
  handler: async ({ params, principal }) => {
    const settings = await containerSettings(params.id);
    if (holds(asUser(principal).user, 'containers:env') || !settings.form.env?.length) return settings;
    return {
      ...settings,
      form: { ...settings.form, env: settings.form.env.map(maskEnvEntry) },
      notes: [
        ...settings.notes,
        'Environment values are hidden from your role: a form sent back with them would set them to the mask.',
      ],
    };
  },
});
