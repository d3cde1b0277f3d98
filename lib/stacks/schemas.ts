import { z } from 'zod';
import { STACK_ACTIONS } from '@/lib/stacks/types';

/**
 * Compose project names: lowercase letters, digits, dashes and underscores, starting with a letter or digit
 * (Compose's own rule, `[a-z0-9][a-z0-9_-]*`). Also a folder name under BERTH_DATA_DIR/stacks.
 */
export const stackName = z
  .string({ error: 'A stack name is required' })
  .min(1, 'A stack name is required')
  .max(63, 'A stack name has at most 63 characters')
  .regex(
    /^[a-z0-9][a-z0-9_-]*$/,
    'A stack name uses lowercase letters, digits, "-" and "_", and starts with a letter or digit',
  );

export const stackParams = z.object({ name: stackName });

/** Bounds of the files Berth writes (the JSON body cap of 1 MiB still applies on top). */
export const COMPOSE_MAX_CHARS = 256 * 1024;
export const ENV_MAX_CHARS = 64 * 1024;

export const stackFiles = z.object({
  compose: z
    .string({ error: 'The compose file is required' })
    .min(1, 'The compose file is empty')
    .max(COMPOSE_MAX_CHARS),
  /** `.env` text (KEY=value lines). A masked value sent back unchanged keeps the stored one. */
  env: z.string().max(ENV_MAX_CHARS).optional(),
  /** compose.override.yaml; empty or absent: none. */
  override: z.string().max(COMPOSE_MAX_CHARS).optional(),
});

export const deployOptions = z.object({
  /** `--pull always` */
  pull: z.boolean().default(false),
  /** `--build` */
  build: z.boolean().default(false),
  /** `--remove-orphans` */
  removeOrphans: z.boolean().default(false),
});

export const createStackBody = stackFiles.extend({
  name: stackName,
  /** false: only save the files. */
  deploy: z.boolean().default(true),
  options: deployOptions.optional(),
});

export const updateStackBody = stackFiles.extend({
  /** true: redeploy (`up -d`) after saving. */
  deploy: z.boolean().default(false),
  options: deployOptions.optional(),
});

export const validateStackBody = stackFiles.extend({ name: stackName.optional() });

const serviceName = z.string().regex(/^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,62}$/, 'Not a service name');

export const stackActionParams = z.object({ name: stackName, action: z.enum(STACK_ACTIONS) });

/**
 * Options of an action; each maps to one Compose flag. `services` limits it to some services (recreate one
 * service: `up` with `services: [s]` and `forceRecreate`); `scale` is `--scale s=n`; `volumes` is `down -v`
 * and must list the volumes it will remove (the confirmation the user saw), or the server refuses it.
 */
export const stackActionBody = deployOptions.extend({
  services: z.array(serviceName).max(100).optional(),
  forceRecreate: z.boolean().default(false),
  scale: z.record(serviceName, z.number().int().min(0).max(100)).optional(),
  volumes: z.boolean().default(false),
  confirmVolumes: z.array(z.string().max(255)).max(200).optional(),
});

export const deleteStackQuery = z.object({
  /** Also remove the named volumes (`down -v`); needs `confirm` listing them. */
  volumes: z
    .enum(['1', '0', 'true', 'false', ''])
    .optional()
    .transform((v) => v === '1' || v === 'true'),
  confirm: z.string().max(8192).optional(),
});

export const rollbackBody = z.object({
  version: z.number().int().positive(),
  deploy: z.boolean().default(true),
});

/** Socket: run an action with live output (`stack:output`, then one `stack:end`). */
export const stackRunSchema = z.object({
  name: stackName,
  action: z.enum(STACK_ACTIONS),
  options: stackActionBody.optional(),
});
export type StackRun = z.input<typeof stackRunSchema>;
