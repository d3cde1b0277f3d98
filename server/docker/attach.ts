import { type Duplex, PassThrough, type Readable } from 'node:stream';
import { docker } from '@/server/docker/client';

/** What attaching to a container's main process depends on. */
export async function attachConfig(
  id: string,
): Promise<{ tty: boolean; openStdin: boolean; stdinOnce: boolean }> {
  const info = await docker().getContainer(id).inspect();
  return { tty: !!info.Config.Tty, openStdin: !!info.Config.OpenStdin, stdinOnce: !!info.Config.StdinOnce };
}

/**
 * `docker attach`: `stream` takes the input (and with a TTY is the output too); `output` is stdout and
 * stderr in one, demultiplexed when the container has no TTY.
 */
export async function attachContainer(
  id: string,
  opts: { tty: boolean; stdin: boolean; detachKeys: string },
): Promise<{ stream: Duplex; output: Readable }> {
  const stream = (await docker().getContainer(id).attach({
    stream: true,
    stdin: opts.stdin,
    stdout: true,
    stderr: true,
    hijack: true,
    detachKeys: opts.detachKeys,
  })) as unknown as Duplex;
  if (opts.tty) return { stream, output: stream };
  const output = new PassThrough();
  docker().modem.demuxStream(stream, output, output);
  return { stream, output };
}

export async function resizeContainerTty(id: string, cols: number, rows: number): Promise<void> {
  await docker().getContainer(id).resize({ w: cols, h: rows });
}

export async function containerRunState(id: string): Promise<{ running: boolean; exitCode: number }> {
  const info = await docker().getContainer(id).inspect();
  return { running: !!info.State.Running, exitCode: info.State.ExitCode };
}
