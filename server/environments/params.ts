import { z } from 'zod';

/** An environment in a path: any slug, `local` included (the schemas' `environmentId` refuses it for new ones). */
export const environmentParams = z.object({
  env: z.string().regex(/^[a-z0-9][a-z0-9-]{0,31}$/, 'Not an environment id'),
});
