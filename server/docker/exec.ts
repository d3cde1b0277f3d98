import type { Duplex } from 'node:stream';
import type Docker from 'dockerode';
import { docker } from '@/server/docker/client';

/** `docker exec -it`: creates the exec and starts it attached; the stream is its terminal, both ways. */
export async function startExec(
  containerId: string,
  body: Docker.ExecCreateOptions,
): Promise<{ id: string; stream: Duplex }> {
  const exec = await docker().getContainer(containerId).exec(body);
  const stream = (await exec.start({ hijack: true, stdin: true, Tty: true })) as unknown as Duplex;
  return { id: exec.id, stream };
}

export async function resizeExec(id: string, cols: number, rows: number): Promise<void> {
  await docker().getExec(id).resize({ w: cols, h: rows });
}

export async function execState(id: string): Promise<{ running: boolean; exitCode: number | null }> {
  const info = await docker().getExec(id).inspect();
  return { running: !!info.Running, exitCode: info.ExitCode ?? null };
}

/**
 * Kills a process inside a container (`docker exec c kill -KILL pid`), waiting at most 2 s for the kill to
 * run: the Engine has no API to end an exec.
 */
export async function killContainerProcess(containerId: string, pid: number): Promise<void> {
  const killer = await docker()
    .getContainer(containerId)
    .exec({ Cmd: ['/bin/sh', '-c', `kill -KILL ${pid}`], AttachStdout: true, AttachStderr: true });
  const s = (await killer.start({})) as unknown as NodeJS.ReadableStream;
  await new Promise<void>((resolve) => {
    s.on('end', () => resolve());
    s.on('error', () => resolve());
    s.resume();
    setTimeout(resolve, 2_000).unref();
  });
}
