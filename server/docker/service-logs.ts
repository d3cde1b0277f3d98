import type { Readable } from 'node:stream';
import { Writable } from 'node:stream';
import type { LogLine } from '@/lib/containers/types';
import { docker } from '@/server/docker/client';
import { LineSplitter } from '@/server/docker/logs';
import { type RawNode, type RawService, type RawTask, taskLogName } from '@/server/docker/swarm-view';
import { HttpError } from '@/server/http/errors';

/**
 * A Swarm service's merged log (`docker service logs --follow --timestamps --details`): the manager gathers
 * every task's lines from the nodes; each line names its task as `name.slot.shortid@hostname`.
 */

export interface ServiceLogLine {
  taskId: string | null;
  nodeId: string | null;
  time?: string;
  text: string;
}

/**
 * One line as the engine writes it with timestamps and details: `2026-…Z k=v,k=v text` (the details are the
 * task's com.docker.swarm.* attributes; either may be missing).
 */
export function parseServiceLogLine(line: string): ServiceLogLine {
  let rest = line;
  let time: string | undefined;
  let taskId: string | null = null;
  let nodeId: string | null = null;
  for (let i = 0; i < 2; i++) {
    const space = rest.indexOf(' ');
    const word = space < 0 ? rest : rest.slice(0, space);
    if (!time && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/.test(word)) time = word;
    else if (!taskId && word.startsWith('com.docker.swarm.') && word.includes('=')) {
      for (const pair of word.split(',')) {
        const at = pair.indexOf('=');
        const key = pair.slice(0, at);
        const value = decodeURIComponent(pair.slice(at + 1));
        if (key === 'com.docker.swarm.task.id') taskId = value;
        else if (key === 'com.docker.swarm.node.id') nodeId = value;
      }
    } else break;
    rest = space < 0 ? '' : rest.slice(space + 1);
  }
  return { taskId, nodeId, ...(time ? { time } : {}), text: rest };
}

/** How often a followed service is checked for removal. */
const SERVICE_WATCH_MS = 3000;

export interface ServiceLogStream {
  close(): void;
  done: Promise<void>;
}

export async function openServiceLogStream(
  serviceId: string,
  opts: { tail: number | 'all'; since?: string | null },
  onLines: (lines: LogLine[]) => void,
): Promise<ServiceLogStream> {
  const service = (await docker().getService(serviceId).inspect()) as RawService;
  const name = service.Spec?.Name ?? service.ID;
  const names = new Map<string, string>();
  let refreshing: Promise<void> | null = null;
  let lastRefresh = 0;
  const refresh = async () => {
    const [tasks, nodes] = await Promise.all([
      docker().listTasks({ filters: JSON.stringify({ service: [service.ID] }) }) as Promise<RawTask[]>,
      docker().listNodes() as Promise<RawNode[]>,
    ]);
    const nodeNames = new Map(nodes.map((n) => [n.ID, n.Description?.Hostname ?? n.ID]));
    for (const t of tasks) names.set(t.ID, taskLogName(t, name, nodeNames));
    lastRefresh = Date.now();
  };
  await refresh();
  const nameOf = (taskId: string | null) => {
    if (!taskId) return undefined;
    const known = names.get(taskId);
    if (known) return known;
    // A task started since: its name is read again (at most every 2 s); the id stands in meanwhile.
    if (!refreshing && Date.now() - lastRefresh > 2000)
      refreshing = refresh()
        .catch(() => {})
        .finally(() => {
          refreshing = null;
        });
    return `${name}.${taskId.slice(0, 12)}`;
  };
  const toLines = (stream: LogLine['stream']) =>
    new LineSplitter(
      stream,
      (lines) =>
        onLines(
          lines.map((l) => {
            const parsed = parseServiceLogLine(l.text);
            const task = nameOf(parsed.taskId);
            return {
              stream,
              ...(parsed.time ? { time: parsed.time } : {}),
              text: parsed.text,
              ...(l.truncated ? { truncated: l.truncated } : {}),
              ...(task ? { task } : {}),
            };
          }),
        ),
      false,
    );
  const query = {
    stdout: true,
    stderr: true,
    follow: true,
    timestamps: true,
    details: true,
    tail: opts.tail,
    ...(opts.since ? { since: opts.since } : {}),
  };
  const stream = await new Promise<Readable>((resolve, reject) => {
    docker().modem.dial(
      {
        path: `/services/${service.ID}/logs?`,
        method: 'GET',
        isStream: true,
        statusCodes: {
          200: true,
          404: 'no such service',
          500: 'server error',
          503: 'node is not part of a swarm',
        },
        options: query,
      },
      (err: unknown, data: unknown) => (err ? reject(err) : resolve(data as Readable)),
    );
  });
  const out = toLines('stdout');
  const err = toLines('stderr');
  const sink = (s: LineSplitter) =>
    new Writable({
      write(chunk: Buffer, _enc, next) {
        s.push(chunk);
        next();
      },
    });
  if (service.Spec?.TaskTemplate?.ContainerSpec?.TTY === true)
    stream.on('data', (chunk: Buffer) => out.push(chunk));
  else docker().modem.demuxStream(stream, sink(out), sink(err));
  // The engine keeps a follow stream open after its service is removed: Berth ends it, saying why.
  let removed: HttpError | null = null;
  const watch = setInterval(() => {
    docker()
      .getService(service.ID)
      .inspect()
      .catch((e: unknown) => {
        if ((e as { statusCode?: number }).statusCode !== 404) return;
        removed = new HttpError(404, 'not_found', `Service ${name} was removed`);
        stream.destroy();
      });
  }, SERVICE_WATCH_MS);
  const done = new Promise<void>((resolve, reject) => {
    const settle = () => {
      clearInterval(watch);
      if (removed) reject(removed);
      else resolve();
    };
    stream.on('end', () => {
      out.flush();
      err.flush();
      settle();
    });
    stream.on('close', settle);
    stream.on('error', (e) => {
      clearInterval(watch);
      reject(removed ?? e);
    });
  });
  return {
    close: () => {
      clearInterval(watch);
      stream.destroy();
    },
    done,
  };
}
