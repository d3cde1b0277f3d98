import { z } from 'zod';

/** Query-string booleans as the Engine API and the CLI write them. */
export const queryBool = z.enum(['1', '0', 'true', 'false', '']).transform((v) => v === '1' || v === 'true');

export const containerIdParams = z.object({
  id: z
    .string()
    .min(1)
    .max(256)
    .regex(/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/, 'Not a container id or name'),
});

/** An absolute path inside a container. */
export const containerPath = z
  .string({ error: 'path is required' })
  .min(1, 'path is required')
  .refine((p) => p.startsWith('/'), 'Must be an absolute path (starting with /)')
  .refine((p) => !p.includes('\0'), 'Must not contain NUL');
