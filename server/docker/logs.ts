import type { Readable } from 'node:stream';
import { Writable } from 'node:stream';
import type { LogLine } from '@/lib/containers/types';
import { docker } from '@/server/docker/client';
import { toLogLines } from '@/server/docker/container-view';

/** Turns chunks of one stream into whole lines, holding a partial last line until its newline arrives. */
export class LineSplitter {
  private partial = '';
  constructor(
    private readonly stream: LogLine['stream'],
    private readonly onLines: (lines: LogLine[]) => void,
    private readonly timestamps = true,
  ) {}
  push(chunk: string) {
    const text = this.partial + chunk;
    const cut = text.lastIndexOf('\n');
    this.partial = text.slice(cut + 1);
    if (cut >= 0) this.onLines(toLogLines(text.slice(0, cut + 1), this.stream, this.timestamps));
  }
  flush() {
    if (this.partial) this.onLines(toLogLines(this.partial, this.stream, this.timestamps));
    this.partial = '';
  }
}

export interface LogStreamOptions {
  follow: boolean;
  tail?: number | 'all';
  /** Unix seconds, or the engine's "seconds.nanoseconds". */
  since?: number | string;
  until?: number;
  timestamps?: boolean;
}

export interface LogStream {
  tty: boolean;
  pause(): void;
  resume(): void;
  close(): void;
  /** Settles when the engine ends the stream (after the last lines were delivered). */
  done: Promise<void>;
}

/**
 * Streams a container's log as whole lines, stdout and stderr told apart by docker-modem's demuxer (TTY
 * containers are one raw stream). Never buffers the whole log: a million-line backlog flows through in
 * chunks, and the caller can pause the engine stream when its consumer lags.
 */
export async function openLogStream(
  containerId: string,
  opts: LogStreamOptions,
  onLines: (lines: LogLine[]) => void,
): Promise<LogStream> {
  const c = docker().getContainer(containerId);
  const info = await c.inspect();
  const timestamps = opts.timestamps ?? true;
  const query = {
    stdout: true,
    stderr: true,
    follow: opts.follow,
    timestamps,
    ...(opts.tail !== undefined ? { tail: opts.tail } : {}),
    ...(opts.since !== undefined ? { since: opts.since } : {}),
    ...(opts.until !== undefined ? { until: opts.until } : {}),
  };
  // dockerode buffers a non-follow log into one Buffer; dial it as a stream instead.
  const stream = await new Promise<Readable>((resolve, reject) => {
    docker().modem.dial(
      {
        path: `/containers/${info.Id}/logs?`,
        method: 'GET',
        isStream: true,
        statusCodes: { 200: true, 404: 'no such container', 500: 'server error' },
        options: query,
      },
      (err: unknown, data: unknown) => (err ? reject(err) : resolve(data as Readable)),
    );
  });
  const out = new LineSplitter('stdout', onLines, timestamps);
  const err = new LineSplitter('stderr', onLines, timestamps);
  const sink = (s: LineSplitter) =>
    new Writable({
      write(chunk: Buffer, _enc, next) {
        s.push(chunk.toString('utf8'));
        next();
      },
    });
  if (info.Config.Tty) stream.on('data', (chunk: Buffer) => out.push(chunk.toString('utf8')));
  else docker().modem.demuxStream(stream, sink(out), sink(err));
  const done = new Promise<void>((resolve, reject) => {
    stream.on('end', () => {
      out.flush();
      err.flush();
      resolve();
    });
    stream.on('close', () => resolve());
    stream.on('error', reject);
  });
  return {
    tty: !!info.Config.Tty,
    pause: () => stream.pause(),
    resume: () => stream.resume(),
    close: () => stream.destroy(),
    done,
  };
}

/** A static piece of the log, collected; for bounded reads (the REST route caps its tail). */
export async function containerLogs(
  id: string,
  opts: { tail: number | 'all'; timestamps: boolean; since?: number; until?: number },
): Promise<LogLine[]> {
  const lines: LogLine[] = [];
  const s = await openLogStream(id, { ...opts, follow: false }, (batch) => {
    for (const l of batch) lines.push(l);
  });
  await s.done;
  return lines;
}

/** The log as a text stream (one line per line, timestamps first when asked), paced by its reader. */
export async function logText(
  id: string,
  opts: { tail: number | 'all'; timestamps: boolean; since?: number; until?: number },
): Promise<ReadableStream<Uint8Array>> {
  const encoder = new TextEncoder();
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  let log: LogStream | null = null;
  const body = new ReadableStream<Uint8Array>(
    {
      start(c) {
        controller = c;
      },
      pull() {
        log?.resume();
      },
      cancel() {
        log?.close();
      },
    },
    { highWaterMark: 1 << 20, size: (chunk) => chunk.byteLength },
  );
  log = await openLogStream(id, { ...opts, follow: false }, (lines) => {
    const text = lines.map((l) => (l.time ? `${l.time} ${l.text}\n` : `${l.text}\n`)).join('');
    controller.enqueue(encoder.encode(text));
    if ((controller.desiredSize ?? 0) <= 0) log?.pause();
  });
  log.done.then(
    () => controller.close(),
    (err: unknown) => controller.error(err),
  );
  return body;
}
