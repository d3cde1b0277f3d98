import { z } from 'zod';
import { type ImageReference, parseImageReference } from '@/lib/images/reference';
import { IMAGE_FILTERS } from '@/lib/images/types';

/** A reference to pull, push or tag to: normalised as the CLI does, `:latest` when no tag is given. */
export const imageReference = z
  .string({ error: 'An image reference is required' })
  .max(512)
  .transform((value, ctx): ImageReference => {
    const parsed = parseImageReference(value, { defaultTag: true });
    if (parsed.ok) return parsed.ref;
    ctx.addIssue({ code: 'custom', message: parsed.error });
    return z.NEVER;
  });

/** An existing image, named by id (`sha256:…` or a prefix) or by `repo:tag` / `repo@digest`. */
export const existingImage = z
  .string({ error: 'An image is required' })
  .trim()
  .min(1, 'An image is required')
  .max(512)
  .regex(/^[a-zA-Z0-9][a-zA-Z0-9_.:/@-]*$/, 'Not an image id or reference');

export const imageIdParams = z.object({
  id: z.string().regex(/^(sha256:)?[a-f0-9]{12,64}$/, 'Not an image id'),
});

export const imageListQuery = z.object({
  all: z
    .enum(['1', '0', 'true', 'false', ''])
    .optional()
    .transform((v) => v === '1' || v === 'true'),
  filter: z.enum(IMAGE_FILTERS).default('all'),
  search: z.string().max(256).optional(),
});

export const removeImagesBody = z.object({
  refs: z.array(existingImage).min(1, 'Choose at least one image').max(200),
  force: z.boolean().default(false),
});

export const tagImageBody = z.object({ source: existingImage, target: imageReference });

export const pullBody = z.object({
  reference: imageReference,
  /** Stored registry credentials to use; by default the ones whose host matches the reference. */
  registryId: z.number().int().positive().optional(),
});

/** `--filter label=key[=value]` */
export const labelFilter = z
  .string()
  .min(1)
  .max(512)
  .regex(/^[^=\s][^\s]*$/, 'A label filter is key or key=value');

export const pruneBody = z.object({
  all: z.boolean().default(false),
  labels: z.array(labelFilter).max(20).default([]),
});
