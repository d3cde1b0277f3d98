import { randomUUID } from 'node:crypto';
import type { Duplex } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import type Docker from 'dockerode';
import { docker } from '@/server/docker/client';

/**
 * One interactive `docker exec -it` session. Output is batched, and paused at the engine when the browser
 * lags (flow control by acknowledged bytes), so a flood (`yes`) neither grows this process's memory nor
 * freezes the tab. Closing ends the process, not only the stream: the Engine has no API to kill an exec and
 * a closed stream leaves the shell running (Portainer #12437).
 */
export const HIGH_WATERMARK = 256 * 1024;
export const LOW_WATERMARK = 64 * 1024;
const BATCH_MS = 10;
const BATCH_BYTES = 32 * 1024;

/** The wrapper prints its PID in an OSC sequence (stripped before the browser sees it), so close can kill it. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: the OSC sequence is made of control characters
const PID_MARK = /\u001b\]9999;berth-pid=(\d+)\u0007/;
const SHELL_WRAPPER =
  'printf "\\033]9999;berth-pid=%s\\007" $$; if command -v bash >/dev/null 2>&1; then exec bash; else exec sh; fi';
const COMMAND_WRAPPER = 'printf "\\033]9999;berth-pid=%s\\007" $$; exec "$@"';

export interface ExecSessionEvents {
  output: (data: string) => void;
  exit: (exitCode: number | null, message?: string) => void;
}

export interface ExecOptions {
  containerId: string;
  command?: string[];
  user?: string;
  workdir?: string;
  cols: number;
  rows: number;
}

/** The Engine create-exec body for these options, so the security policy sees exactly what is sent. */
export function execCreateBody(opts: ExecOptions): Docker.ExecCreateOptions {
  const cmd = opts.command?.length
    ? ['/bin/sh', '-c', COMMAND_WRAPPER, 'sh', ...opts.command]
    : ['/bin/sh', '-c', SHELL_WRAPPER];
  return {
    Cmd: cmd,
    AttachStdin: true,
    AttachStdout: true,
    AttachStderr: true,
    Tty: true,
    Env: ['TERM=xterm-256color', 'COLORTERM=truecolor'],
    ...(opts.user ? { User: opts.user } : {}),
    ...(opts.workdir ? { WorkingDir: opts.workdir } : {}),
  };
}

export class ExecSession {
  readonly id = randomUUID();
  private stream: Duplex | null = null;
  private exec: Docker.Exec | null = null;
  private pid: number | null = null;
  private pidScan = '';
  private pidFound = false;
  private sent = 0;
  private acked = 0;
  private paused = false;
  private batch = '';
  private timer: NodeJS.Timeout | null = null;
  private ended = false;
  private readonly decoder = new StringDecoder('utf8');

  constructor(
    private readonly opts: ExecOptions,
    private readonly on: ExecSessionEvents,
  ) {}

  async start(body: Docker.ExecCreateOptions): Promise<void> {
    const container = docker().getContainer(this.opts.containerId);
    this.exec = await container.exec(body);
    const stream = (await this.exec.start({ hijack: true, stdin: true, Tty: true })) as unknown as Duplex;
    this.stream = stream;
    stream.on('data', (chunk: Buffer) => this.onData(chunk));
    stream.on('end', () => void this.finish());
    stream.on('close', () => void this.finish());
    stream.on('error', () => void this.finish());
    await this.resize(this.opts.cols, this.opts.rows).catch(() => {});
  }

  private onData(chunk: Buffer) {
    let text = this.decoder.write(chunk);
    if (!this.pidFound) {
      this.pidScan += text;
      const m = PID_MARK.exec(this.pidScan);
      if (m) {
        this.pid = Number(m[1]);
        this.pidFound = true;
        text = this.pidScan.replace(PID_MARK, '');
        this.pidScan = '';
      } else if (this.pidScan.length > 512) {
        // No wrapper output (the shell failed before printing): pass everything through.
        this.pidFound = true;
        text = this.pidScan;
        this.pidScan = '';
      } else {
        return;
      }
    }
    if (!text) return;
    this.batch += text;
    this.sent += Buffer.byteLength(text);
    if (this.batch.length >= BATCH_BYTES) this.flush();
    else if (!this.timer) this.timer = setTimeout(() => this.flush(), BATCH_MS);
    if (!this.paused && this.sent - this.acked > HIGH_WATERMARK) {
      this.paused = true;
      this.stream?.pause();
    }
  }

  private flush() {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (!this.batch) return;
    const data = this.batch;
    this.batch = '';
    this.on.output(data);
  }

  /** The browser has written this many bytes in total; below the low watermark the engine may send again. */
  ack(totalBytes: number) {
    this.acked = Math.max(this.acked, Math.min(totalBytes, this.sent));
    if (this.paused && this.sent - this.acked < LOW_WATERMARK) {
      this.paused = false;
      this.stream?.resume();
    }
  }

  get unacknowledged(): number {
    return this.sent - this.acked;
  }

  get processId(): number | null {
    return this.pid;
  }

  write(data: string) {
    if (!this.ended) this.stream?.write(data);
  }

  async resize(cols: number, rows: number) {
    await this.exec?.resize({ w: cols, h: rows });
  }

  private async finish() {
    if (this.ended) return;
    this.ended = true;
    this.flush();
    let exitCode: number | null = null;
    try {
      // The stream can end a moment before the engine records the exit code.
      for (let i = 0; i < 20; i++) {
        const info = await this.exec?.inspect();
        exitCode = info?.ExitCode ?? null;
        if (!info?.Running) break;
        await new Promise((r) => setTimeout(r, 50));
      }
    } catch {
      // the container may be gone
    }
    const message =
      exitCode === 126 || exitCode === 127
        ? 'The command could not run: this image may have no shell (/bin/sh) or no such program'
        : undefined;
    this.on.exit(exitCode, message);
  }

  /** Ends the process: kill the wrapper's PID inside the container (its terminal hangs up its children). */
  async close(): Promise<void> {
    const stream = this.stream;
    const pid = this.pid;
    if (pid && !this.ended) {
      try {
        const killer = await docker()
          .getContainer(this.opts.containerId)
          .exec({ Cmd: ['/bin/sh', '-c', `kill -KILL ${pid}`], AttachStdout: true, AttachStderr: true });
        const s = (await killer.start({})) as unknown as NodeJS.ReadableStream;
        await new Promise<void>((resolve) => {
          s.on('end', () => resolve());
          s.on('error', () => resolve());
          s.resume();
          setTimeout(resolve, 2_000).unref();
        });
      } catch {
        // container stopped meanwhile: the process is gone with it
      }
    } else if (!this.ended) {
      stream?.write('\u0004'); // EOF: a shell at its prompt exits
    }
    // Let the engine close the stream of the process it ended, then make sure it is gone.
    if (stream && !this.ended) {
      await new Promise<void>((resolve) => {
        const done = () => resolve();
        stream.once('end', done);
        stream.once('close', done);
        setTimeout(done, 1_000).unref();
      });
    }
    stream?.destroy();
    await this.finish();
  }
}
