import type { Readable } from 'node:stream';
import { Writable } from 'node:stream';
import type { LogLine } from '@/lib/containers/types';
import { docker } from '@/server/docker/client';

/**
 * Bytes of one log line kept; the rest of the line is dropped and counted (`LogLine.truncated`). 64 KiB is four
 * times the engine's own 16 KiB log message (longer output is stored in 16 KiB pieces, and `docker logs` joins
 * them back into one line of any length), far wider than any screen, and small enough that every viewer's
 * buffer and every socket batch stay bounded: a container printing one 50 MB line costs 64 KiB, not 50 MB.
 */
export const LOG_LINE_CAP = 64 * 1024;

/** The length of `bytes` without an incomplete UTF-8 character at its end (a cut may land inside one). */
export function wholeCharsLength(bytes: Uint8Array): number {
  const end = bytes.length;
  let lead = end - 1;
  // back over continuation bytes (10xxxxxx) to the first byte of the last character, at most 3
  while (lead > 0 && end - lead < 4 && ((bytes[lead] ?? 0) & 0xc0) === 0x80) lead--;
  const first = bytes[lead];
  if (first === undefined) return end;
  const size = first >= 0xf0 ? 4 : first >= 0xe0 ? 3 : first >= 0xc0 ? 2 : 1;
  return lead + size <= end ? end : lead;
}

/**
 * Turns chunks of one stream into whole lines, holding a partial last line until its newline arrives. Works on
 * bytes, so a character split between chunks is decoded whole, and in one pass over each chunk: a line longer
 * than `cap` keeps its first `cap` bytes and only counts the rest, however many chunks it spans.
 */
export class LineSplitter {
  private held: Buffer[] = [];
  private heldBytes = 0;
  private dropped = 0;

  constructor(
    private readonly stream: LogLine['stream'],
    private readonly onLines: (lines: LogLine[]) => void,
    private readonly timestamps = true,
    private readonly cap = LOG_LINE_CAP,
  ) {}

  push(chunk: Buffer | string) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    const lines: LogLine[] = [];
    let start = 0;
    for (;;) {
      const newline = bytes.indexOf(0x0a, start);
      if (newline < 0) {
        // The chunk's buffer may be reused by its producer: copy what is held past this call.
        this.hold(bytes.subarray(start), true);
        break;
      }
      this.hold(bytes.subarray(start, newline), false);
      lines.push(this.takeLine());
      start = newline + 1;
    }
    if (lines.length) this.onLines(lines);
  }

  flush() {
    if (this.heldBytes || this.dropped) this.onLines([this.takeLine()]);
  }

  private hold(piece: Buffer, copy: boolean) {
    const keep = Math.max(0, Math.min(piece.length, this.cap - this.heldBytes));
    if (keep > 0) {
      const kept = piece.subarray(0, keep);
      this.held.push(copy ? Buffer.from(kept) : kept);
      this.heldBytes += keep;
    }
    this.dropped += piece.length - keep;
  }

  private takeLine(): LogLine {
    let bytes = this.held.length === 1 ? (this.held[0] as Buffer) : Buffer.concat(this.held, this.heldBytes);
    let dropped = this.dropped;
    if (dropped > 0) {
      const whole = wholeCharsLength(bytes);
      dropped += bytes.length - whole;
      bytes = bytes.subarray(0, whole);
    }
    this.held = [];
    this.heldBytes = 0;
    this.dropped = 0;
    return toLogLine(bytes.toString('utf8'), this.stream, this.timestamps, dropped);
  }
}

/** One line of demultiplexed log text, the RFC 3339 timestamp the engine prefixes peeled off. */
function toLogLine(line: string, stream: LogLine['stream'], timestamps: boolean, dropped: number): LogLine {
  const clean = dropped ? line : line.replace(/\r$/, '');
  const mark = dropped ? { truncated: dropped } : {};
  if (!timestamps) return { stream, text: clean, ...mark };
  const space = clean.indexOf(' ');
  return space > 0
    ? { stream, time: clean.slice(0, space), text: clean.slice(space + 1), ...mark }
    : { stream, text: clean, ...mark };
}

/** The line as the text download writes it: a cut line says so, and how much of it is missing. */
export function logLineText(l: LogLine): string {
  const text = l.truncated ? `${l.text} [truncated: ${l.truncated} more bytes]` : l.text;
  return l.time ? `${l.time} ${text}\n` : `${text}\n`;
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
        s.push(chunk);
        next();
      },
    });
  if (info.Config.Tty) stream.on('data', (chunk: Buffer) => out.push(chunk));
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

/**
 * The log as a text stream (one line per line, timestamps first when asked), paced by its reader. A line longer
 * than LOG_LINE_CAP is cut here too and ends with `[truncated: N more bytes]`: one splitter for every reader
 * keeps memory bounded per line (a whole multi-hundred-MB line would not even fit in one JS string); `docker
 * logs` is the way to the untouched bytes.
 */
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
    const text = lines.map(logLineText).join('');
    controller.enqueue(encoder.encode(text));
    if ((controller.desiredSize ?? 0) <= 0) log?.pause();
  });
  log.done.then(
    () => controller.close(),
    (err: unknown) => controller.error(err),
  );
  return body;
}

/** A container as log history sees it: which one, and what decides whether it is followed. */
export interface HistoryContainer {
  id: string;
  name: string;
  labels: Record<string, string>;
}

/** One container (`docker inspect`), or null when it is gone or not running. */
export async function runningHistoryContainer(id: string): Promise<HistoryContainer | null> {
  try {
    const info = await docker().getContainer(id).inspect();
    if (!info.State?.Running) return null;
    return { id: info.Id, name: info.Name.replace(/^\//, ''), labels: info.Config?.Labels ?? {} };
  } catch {
    return null;
  }
}
