import { z } from 'zod';
import { systemApi } from '@/lib/api/system';
import { previewContainerPrune, pruneContainers } from '@/server/docker/system';
import { route } from '@/server/http/route';

const label = z.string().regex(/^[^=\s,][^\s,]*$/, 'A label filter is key or key=value');

/** GET: the stopped containers `docker container prune` would remove, with their sizes; removes nothing. */
export const GET = route({
  endpoint: systemApi.containerPrunePreview,
  permission: 'containers:read',
  query: z.object({
    // Several labels as one comma-separated value, all of which must match.
    labels: z
      .string()
      .optional()
      .transform((v) => (v ? v.split(',').filter(Boolean) : []))
      .pipe(z.array(label).max(20)),
  }),
  handler: ({ query }) => previewContainerPrune(query.labels),
});

/** POST: removes the confirmed containers of a preview that are still stopped (and still match). */
export const POST = route({
  endpoint: systemApi.containerPrune,
  permission: 'containers:write',
  body: z.strictObject({
    ids: z
      .array(z.string().regex(/^[a-f0-9]{64}$/, 'Not a full container id'))
      .min(1)
      .max(10_000),
    labels: z.array(label).max(20).default([]),
  }),
  audit: {
    action: 'container.prune',
    target: ({ body }) => `${body.ids.length} containers`,
    command: ({ body }) => `docker container prune${body.labels.map((l) => ` --filter label=${l}`).join('')}`,
  },
  handler: ({ body }) => pruneContainers(body.ids, body.labels),
});
