import type { Readable } from 'node:stream';
import { Writable } from 'node:stream';
import type { LogLine } from '@/lib/containers/types';
import { docker } from '@/server/docker/client';
import { toLogLines } from '@/server/docker/container-view';
import type { Opener } from '@/server/realtime/shared-stream';

/** Turns chunks of one stream into whole lines, holding a partial last line until its newline arrives. */
export class LineSplitter {
  private partial = '';
  constructor(
    private readonly stream: LogLine['stream'],
    private readonly onLines: (lines: LogLine[]) => void,
  ) {}
  push(chunk: string) {
    const text = this.partial + chunk;
    const cut = text.lastIndexOf('\n');
    this.partial = text.slice(cut + 1);
    if (cut >= 0) this.onLines(toLogLines(text.slice(0, cut + 1), this.stream, true));
  }
  flush() {
    if (this.partial) this.onLines(toLogLines(this.partial, this.stream, true));
    this.partial = '';
  }
}

/**
 * A container's live log, followed from now, one engine stream for all viewers: stdout and stderr are told
 * apart by docker-modem's demuxer (non-TTY containers), TTY containers are one raw stream.
 */
export function containerLogsOpener(containerId: string): Opener<LogLine> {
  return async (emit, end) => {
    const c = docker().getContainer(containerId);
    const info = await c.inspect();
    const stream = (await c.logs({
      follow: true,
      stdout: true,
      stderr: true,
      timestamps: true,
      // Only new lines: each viewer's backlog is read separately, with its own tail.
      since: Math.floor(Date.now() / 1000),
    })) as unknown as Readable;
    const out = new LineSplitter('stdout', (lines) => lines.forEach(emit));
    const err = new LineSplitter('stderr', (lines) => lines.forEach(emit));
    const sink = (s: LineSplitter) =>
      new Writable({
        write(chunk: Buffer, _enc, done) {
          s.push(chunk.toString('utf8'));
          done();
        },
      });
    if (info.Config.Tty) stream.on('data', (chunk: Buffer) => out.push(chunk.toString('utf8')));
    else docker().modem.demuxStream(stream, sink(out), sink(err));
    stream.on('end', () => {
      out.flush();
      err.flush();
      end();
    });
    stream.on('error', (e) => end(e));
    return { close: () => stream.destroy() };
  };
}

/** RFC 3339 with nanoseconds → the engine's `since` ("seconds.nanoseconds"). */
export function rfc3339ToSince(time: string): string | null {
  const m = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?(Z|[+-]\d\d:\d\d)$/.exec(time);
  if (!m) return null;
  const seconds = Math.floor(Date.parse(`${m[1]}${m[3]}`) / 1000);
  if (!Number.isFinite(seconds)) return null;
  return `${seconds}.${(m[2] ?? '').padEnd(9, '0')}`;
}

/** Orders RFC 3339 nanosecond timestamps of one engine (same zone): compare as strings of equal shape. */
export function isAfter(time: string | undefined, than: string | undefined): boolean {
  if (!than) return true;
  if (!time) return false;
  const norm = (t: string) => {
    const [base = '', frac = ''] = t.replace(/Z$/, '').split('.');
    return `${base}.${frac.padEnd(9, '0')}`;
  };
  return norm(time) > norm(than);
}

export function byTime(a: { time?: string }, b: { time?: string }): number {
  if (a.time === b.time) return 0;
  return isAfter(a.time, b.time) ? 1 : -1;
}
