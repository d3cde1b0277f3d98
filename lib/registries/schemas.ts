import { z } from 'zod';
import { REPOSITORY_PATH, TAG } from '@/lib/images/reference';

export const registryIdParams = z.object({
  id: z.coerce.number({ error: 'Not a registry id' }).int('Not a registry id').positive('Not a registry id'),
});

export const repositoryQuery = z.object({
  repository: z
    .string({ error: 'A repository is required' })
    .min(1, 'A repository is required')
    .max(255)
    .regex(REPOSITORY_PATH, 'Not a repository name'),
});

export const tagQuery = repositoryQuery.extend({
  tag: z.string({ error: 'A tag is required' }).regex(TAG, 'Not a tag'),
});
