import { z } from 'zod';
import type { ContainerCommand } from '@/lib/containers/cli';
import { parseCpus, parseMemory, parseRestart } from '@/lib/containers/form';

/** Bodies of POST /api/containers/{id}/{action}, one schema per action, shared by the form and the API. */
const signal = z
  .string()
  .regex(
    /^(SIG)?[A-Z][A-Z0-9+-]*$|^[0-9]{1,2}$/,
    'Not a signal: use a name like SIGTERM or KILL, or a number',
  );
const timeout = z
  .number()
  .int('Must be whole seconds')
  .min(0, 'Must be 0 or more')
  .max(3600, 'At most 3600 seconds');
const containerName = z
  .string()
  .regex(/^\/?[a-zA-Z0-9][a-zA-Z0-9_.-]+$/, 'Only letters, digits, "_", "." and "-"; at least 2 characters');
const repository = z
  .string()
  .regex(/^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?::[0-9]+)?(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/, {
    message: 'Not a repository name (lowercase letters, digits, ".", "_", "-", "/")',
  });

/** A value in the CLI's own syntax, checked with the parser the create form uses (the message says why not). */
const spec = (parse: (text: string) => unknown) =>
  z
    .string()
    .trim()
    .min(1)
    .max(64)
    .superRefine((text, ctx) => {
      try {
        parse(text);
      } catch (err) {
        ctx.addIssue({ code: 'custom', message: (err as Error).message });
      }
    });

/**
 * `docker update`: what the engine changes in place, without recreating (restart policy and resources). Each
 * field in the CLI's syntax: `--restart on-failure:3`, `--memory 512m`, `--memory-swap 1g` (or -1), `--cpus 1.5`,
 * `--pids-limit 200` (-1: unlimited).
 */
export const containerUpdateSchema = z
  .object({
    action: z.literal('update'),
    restart: spec(parseRestart).optional(),
    memory: spec(parseMemory).optional(),
    memorySwap: z.union([z.literal('-1'), spec(parseMemory)]).optional(),
    cpus: spec(parseCpus).optional(),
    pidsLimit: z
      .number()
      .int('Must be a whole number')
      .min(-1, 'At least -1 (unlimited)')
      .max(4_194_304)
      .optional(),
  })
  .refine(
    (u) => [u.restart, u.memory, u.memorySwap, u.cpus, u.pidsLimit].some((v) => v !== undefined),
    'Nothing to update: give a restart policy, memory, memory+swap, CPUs or a pids limit',
  );
export type ContainerUpdateInput = z.infer<typeof containerUpdateSchema>;

export const containerActionSchema = z.discriminatedUnion('action', [
  z.object({ action: z.enum(['start', 'pause', 'unpause']) }),
  z.object({ action: z.enum(['stop', 'restart']), timeout: timeout.optional() }),
  z.object({ action: z.literal('kill'), signal: signal.optional() }),
  z.object({ action: z.literal('rename'), name: containerName }),
  z.object({
    action: z.literal('commit'),
    repo: repository.optional(),
    tag: z
      .string()
      .regex(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/, 'Not a tag')
      .optional(),
    message: z.string().max(10_000).optional(),
    author: z.string().max(500).optional(),
    changes: z.array(z.string().min(1)).optional(),
    pause: z.boolean().optional(),
  }),
  containerUpdateSchema,
]);
export type ContainerActionInput = z.infer<typeof containerActionSchema>;

/** The CLI renderer's view of an action input, so the command shown is the command run. */
export function toCliCommand(input: ContainerActionInput, name: string): ContainerCommand {
  switch (input.action) {
    case 'rename':
      return { action: 'rename', target: name, newName: input.name };
    case 'commit':
      return {
        action: 'commit',
        target: name,
        ...(input.repo ? { repository: input.tag ? `${input.repo}:${input.tag}` : input.repo } : {}),
        ...(input.message ? { message: input.message } : {}),
        ...(input.author ? { author: input.author } : {}),
        ...(input.changes ? { changes: input.changes } : {}),
        ...(input.pause === false ? { pause: false } : {}),
      };
    case 'stop':
    case 'restart':
      return {
        action: input.action,
        targets: [name],
        ...(input.timeout === undefined ? {} : { timeout: input.timeout }),
      };
    case 'kill':
      return { action: 'kill', targets: [name], ...(input.signal ? { signal: input.signal } : {}) };
    case 'update':
      return {
        action: 'update',
        targets: [name],
        ...(input.restart ? { restart: input.restart } : {}),
        ...(input.memory ? { memory: input.memory } : {}),
        ...(input.memorySwap ? { memorySwap: input.memorySwap } : {}),
        ...(input.cpus ? { cpus: input.cpus } : {}),
        ...(input.pidsLimit === undefined ? {} : { pidsLimit: input.pidsLimit }),
      };
    default:
      return { action: input.action, targets: [name] };
  }
}
