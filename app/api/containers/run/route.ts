import { z } from 'zod';
import { containersApi } from '@/lib/api/containers';
import { renderRunCommand } from '@/lib/containers/cli';
import { DockerRunParseError, parseDockerRunDetailed } from '@/lib/containers/docker-run';
import { asUser } from '@/server/auth/guard';
import { createContainer } from '@/server/docker/containers';
import { HttpError } from '@/server/http/errors';
import { route } from '@/server/http/route';
import { enforceContainerCreate } from '@/server/security/enforce';

/** Long enough for any real command line (the CLI's own limit is the shell's), short enough to bound parsing. */
const MAX_COMMAND = 64 * 1024;

/** The container a command names (or its image), for the audit log; the command itself is its `command`. */
function targetOf(command: string): string {
  try {
    const { form } = parseDockerRunDetailed(command);
    return form.name || form.image;
  } catch {
    return command.slice(0, 100);
  }
}

/**
 * `docker run …` (created and started) or `docker create …` (created only) from a command line, read by the
 * same parser as the create form's paste box. What Berth cannot do as the CLI would is refused by option.
 */
export const POST = route({
  endpoint: containersApi.run,
  permission: 'containers:write',
  body: z.strictObject({ command: z.string().min(1, 'Give a docker run command').max(MAX_COMMAND) }),
  audit: {
    action: 'container.run',
    target: ({ body }) => targetOf(body.command),
    command: ({ body }) => body.command,
  },
  handler: async ({ body, principal }) => {
    let parsed: ReturnType<typeof parseDockerRunDetailed>;
    try {
      parsed = parseDockerRunDetailed(body.command);
    } catch (err) {
      if (!(err instanceof DockerRunParseError)) throw err;
      throw new HttpError(400, 'bad_request', err.message, [{ path: 'body.command', message: err.message }]);
    }
    const { form, warnings, problems } = parsed;
    if (problems.length > 0) {
      throw new HttpError(
        400,
        'bad_request',
        `Cannot run this command as written: ${problems.map((problem) => problem.message).join('; ')}`,
        problems.map((problem) => ({ path: problem.flag, message: problem.message })),
      );
    }
    const created = await createContainer(form, (engineBody) =>
      enforceContainerCreate(asUser(principal), engineBody),
    );
    return Response.json({ ...created, command: renderRunCommand(form), warnings }, { status: 201 });
  },
});
