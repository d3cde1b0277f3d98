import { z } from 'zod';

/**
 * Bodies of the Swarm writes (issue 16). Each route parses with these (a bad field is a 400 naming it), builds
 * the Engine's ServiceSpec in server/docker/swarm-spec.ts, and judges the spec with the same security policy
 * as containers (checkServiceSpec) on create AND update, before anything reaches the engine.
 */

const name = z
  .string()
  .min(1, 'A name is required')
  .max(63)
  .regex(
    /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/,
    'Letters, digits, "_", "." and "-", starting with a letter or digit',
  );

const labels = z.record(z.string().min(1).max(255), z.string().max(4096)).default({});

export const nodeUpdateSchema = z
  .object({
    availability: z.enum(['active', 'pause', 'drain']).optional(),
    role: z.enum(['manager', 'worker']).optional(),
    /** The whole label set after the change (`docker node update --label-add/--label-rm`). */
    labels: z.record(z.string().min(1).max(255), z.string().max(4096)).optional(),
  })
  .refine((v) => v.availability || v.role || v.labels, 'Nothing to change');
export type NodeUpdate = z.infer<typeof nodeUpdateSchema>;

export const servicePortSchema = z.object({
  target: z.number().int().min(1).max(65535),
  published: z.number().int().min(1).max(65535).optional(),
  protocol: z.enum(['tcp', 'udp', 'sctp']).default('tcp'),
  /** The routing mesh (ingress) or the node's own port (host). */
  mode: z.enum(['ingress', 'host']).default('ingress'),
});

export const serviceMountSchema = z.object({
  type: z.enum(['volume', 'bind', 'tmpfs']),
  source: z.string().max(4096).optional(),
  target: z.string().min(1).max(4096).startsWith('/', 'An absolute path in the container'),
  readOnly: z.boolean().default(false),
});

const fileRef = z.object({ name, target: z.string().max(4096).optional() });

/** `docker service create` as a form. */
export const serviceCreateSchema = z.object({
  name,
  image: z.string().min(1, 'An image is required').max(512),
  mode: z.enum(['replicated', 'global']).default('replicated'),
  replicas: z.number().int().min(0).max(1000).default(1),
  /** Replaces the image's CMD (`docker service create IMAGE COMMAND…`). */
  command: z.array(z.string().max(4096)).max(256).optional(),
  entrypoint: z.array(z.string().max(4096)).max(256).optional(),
  env: z
    .array(z.string().regex(/^[^=\s]+=/, 'KEY=value'))
    .max(1000)
    .default([]),
  labels,
  /** Container labels (`--container-label`). */
  containerLabels: labels,
  ports: z.array(servicePortSchema).max(100).default([]),
  mounts: z.array(serviceMountSchema).max(100).default([]),
  /** Network names or ids (overlay networks). */
  networks: z.array(z.string().min(1).max(255)).max(20).default([]),
  /** Placement constraints as the CLI writes them: `node.role==manager`, `node.labels.zone!=b`. */
  constraints: z
    .array(z.string().regex(/^[\w.-]+\s*(==|!=)\s*\S+$/, 'Like node.role==manager'))
    .max(50)
    .default([]),
  secrets: z.array(fileRef).max(100).default([]),
  configs: z.array(fileRef).max(100).default([]),
  restartCondition: z.enum(['any', 'on-failure', 'none']).default('any'),
  /** `--limit-cpu 0.5` and `--limit-memory 64m`, in the CLI's syntax. */
  limitCpus: z
    .string()
    .regex(/^\d+(\.\d+)?$/)
    .optional(),
  limitMemory: z
    .string()
    .regex(/^\d+(\.\d+)?[bkmg]?$/i)
    .optional(),
  user: z.string().max(255).optional(),
  workdir: z.string().max(4096).optional(),
  hostname: z.string().max(255).optional(),
  capAdd: z.array(z.string().max(64)).max(64).default([]),
  capDrop: z.array(z.string().max(64)).max(64).default([]),
  /** `--no-resolve-image`: do not ask a registry for the digest (offline, or a local-only image). */
  noResolveImage: z.boolean().default(false),
  /** Registry credentials stored in Berth for the image's registry (`--with-registry-auth`). */
  registryId: z.number().int().positive().optional(),
});
export type ServiceCreate = z.input<typeof serviceCreateSchema>;
export type ServiceCreateParsed = z.output<typeof serviceCreateSchema>;

/** `docker service update`: only what is given changes; the rest of the spec is kept. */
export const serviceUpdateSchema = z
  .object({
    image: z.string().min(1).max(512).optional(),
    replicas: z.number().int().min(0).max(1000).optional(),
    /** The whole environment after the change (`--env-add` / `--env-rm` are shown in the CLI line). */
    env: z
      .array(z.string().regex(/^[^=\s]+=/, 'KEY=value'))
      .max(1000)
      .optional(),
    labels: z.record(z.string().min(1).max(255), z.string().max(4096)).optional(),
    /** `--force`: restart the tasks even when the spec did not change. */
    force: z.boolean().default(false),
    noResolveImage: z.boolean().default(false),
    /** Anything else of serviceCreateSchema may change too (ports, mounts, networks, constraints…). */
    ports: z.array(servicePortSchema).max(100).optional(),
    mounts: z.array(serviceMountSchema).max(100).optional(),
    constraints: z
      .array(z.string().regex(/^[\w.-]+\s*(==|!=)\s*\S+$/, 'Like node.role==manager'))
      .max(50)
      .optional(),
    capAdd: z.array(z.string().max(64)).max(64).optional(),
    limitCpus: z
      .string()
      .regex(/^\d+(\.\d+)?$/)
      .optional(),
    limitMemory: z
      .string()
      .regex(/^\d+(\.\d+)?[bkmg]?$/i)
      .optional(),
  })
  .strict();
export type ServiceUpdate = z.input<typeof serviceUpdateSchema>;

export const serviceScaleSchema = z.object({ replicas: z.number().int().min(0).max(1000) });

/** Services from a compose file (`docker stack deploy -c FILE STACK`). */
export const swarmStackSchema = z.object({
  stack: name,
  compose: z
    .string()
    .min(1, 'A compose file is required')
    .max(512 * 1024),
  noResolveImage: z.boolean().default(false),
});
export type SwarmStackDeploy = z.input<typeof swarmStackSchema>;

/** A secret or config: its data as text (UTF-8) or base64 (`encoding`), at most 500 KiB as the engine allows. */
export const swarmFileCreateSchema = z.object({
  name,
  data: z.string().max(700 * 1024),
  encoding: z.enum(['utf8', 'base64']).default('utf8'),
  labels,
});
export type SwarmFileCreate = z.input<typeof swarmFileCreateSchema>;
