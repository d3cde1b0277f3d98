import { z } from 'zod';
import { shellJoin } from '@/lib/containers/cli';

/** The largest terminal a client may ask for; the server's skipping of unseen output relies on it (rows). */
export const MAX_TERMINAL_SIZE = 1000;

export const execStartSchema = z.object({
  containerId: z.string().regex(/^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,127}$/, 'Not a container id or name'),
  /** Empty: the best shell the container has (bash, else sh). */
  command: z.array(z.string().max(4096)).max(64).optional(),
  user: z
    .string()
    .regex(/^[a-zA-Z0-9_.-]+(:[a-zA-Z0-9_.-]+)?$/, 'Not a user: expected name|uid[:group|gid]')
    .optional(),
  workdir: z
    .string()
    .regex(/^\/[^\0]*$/, 'Must be an absolute path')
    .max(4096)
    .optional(),
  cols: z.number().int().min(2).max(MAX_TERMINAL_SIZE).default(80),
  rows: z.number().int().min(2).max(MAX_TERMINAL_SIZE).default(24),
});
export type ExecStart = z.input<typeof execStartSchema>;

/** `docker attach`: the main process, so only the terminal size is chosen. */
export const attachStartSchema = z.object({
  containerId: execStartSchema.shape.containerId,
  cols: execStartSchema.shape.cols,
  rows: execStartSchema.shape.rows,
});
export type AttachStart = z.input<typeof attachStartSchema>;

export const execInputSchema = z.object({ id: z.string().min(1).max(64), data: z.string().max(1_000_000) });
export const execResizeSchema = z.object({
  id: z.string().min(1).max(64),
  cols: z.number().int().min(2).max(MAX_TERMINAL_SIZE),
  rows: z.number().int().min(2).max(MAX_TERMINAL_SIZE),
});
export const execAckSchema = z.object({ id: z.string().min(1).max(64), bytes: z.number().int().min(0) });
export type ExecInput = z.input<typeof execInputSchema>;
export type ExecResize = z.input<typeof execResizeSchema>;
export type ExecAck = z.input<typeof execAckSchema>;

/** The `docker exec` line equivalent to a terminal session. */
export function renderExecCommand(input: {
  name: string;
  command?: string[];
  user?: string;
  workdir?: string;
}): string {
  return [
    'docker exec -it',
    ...(input.user ? [`-u ${shellJoin([input.user])}`] : []),
    ...(input.workdir ? [`-w ${shellJoin([input.workdir])}`] : []),
    shellJoin([input.name]),
    ...(input.command?.length ? [shellJoin(input.command)] : ['sh']),
  ].join(' ');
}

/** The `docker attach` line equivalent to an attach session (Ctrl-P Ctrl-Q detaches, as in Berth). */
export function renderAttachCommand(name: string): string {
  return `docker attach ${shellJoin([name])}`;
}
