import { randomUUID } from 'node:crypto';
import type { Duplex, Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';

/**
 * What every interactive terminal (exec, attach) shares: output is batched, and paused at the engine when the
 * browser lags (flow control by acknowledged bytes), so a flood (`yes`) neither grows this process's memory
 * nor freezes the tab.
 */
export const HIGH_WATERMARK = 256 * 1024;
export const LOW_WATERMARK = 64 * 1024;
const BATCH_MS = 10;
const BATCH_BYTES = 32 * 1024;
const IMMEDIATE_SENDS = 4;

export interface TerminalEvents {
  output: (data: string) => void;
  exit: (exitCode: number | null, message?: string) => void;
}

export abstract class TerminalSession {
  readonly id = randomUUID();
  protected stream: Duplex | null = null;
  protected ended = false;
  private sent = 0;
  private acked = 0;
  private paused = false;
  private batch = '';
  private timer: NodeJS.Timeout | null = null;
  private windowStart = 0;
  private immediateSends = 0;
  private readonly decoder = new StringDecoder('utf8');

  constructor(protected readonly on: TerminalEvents) {}

  abstract resize(cols: number, rows: number): Promise<void>;
  abstract close(): Promise<void>;
  /** The exit code and message reported once the stream has ended. */
  protected abstract exitStatus(): Promise<{ exitCode: number | null; message?: string }>;

  /** `output` is where the text comes from when it is not the stream itself (a demuxed copy of it). */
  protected attachStream(
    stream: Duplex,
    decode: (text: string) => string = (t) => t,
    output: Readable = stream,
  ) {
    this.stream = stream;
    output.on('data', (chunk: Buffer) => this.push(decode(this.decoder.write(chunk))));
    stream.on('end', () => void this.finish());
    stream.on('close', () => void this.finish());
    stream.on('error', () => void this.finish());
  }

  /** Text for the browser: batched, counted for flow control. */
  protected push(text: string) {
    if (!text) return;
    this.batch += text;
    this.sent += Buffer.byteLength(text);
    if (this.batch.length >= BATCH_BYTES) this.flush();
    else if (!this.timer) {
      // A few sends per window go at once: a keystroke's echo must not wait for a timer (bench/exec.ts measured
      // +10 ms), while a flood of small writes still leaves at most IMMEDIATE_SENDS + 1 messages per window.
      const now = Date.now();
      if (now - this.windowStart >= BATCH_MS) {
        this.windowStart = now;
        this.immediateSends = 0;
      }
      if (this.immediateSends < IMMEDIATE_SENDS) {
        this.immediateSends++;
        this.flush();
      } else this.timer = setTimeout(() => this.flush(), this.windowStart + BATCH_MS - now);
    }
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

  get acceptsInput(): boolean {
    return true;
  }

  write(data: string) {
    if (!this.ended) this.stream?.write(data);
  }

  protected async finish() {
    if (this.ended) return;
    this.ended = true;
    this.flush();
    const { exitCode, message } = await this.exitStatus().catch(
      (): { exitCode: number | null; message?: string } => ({ exitCode: null }), // the container may be gone
    );
    this.on.exit(exitCode, message);
  }

  /** Waits (briefly) for the engine to close the stream after we asked the other end to stop. */
  protected async streamClosed(timeoutMs: number) {
    const stream = this.stream;
    if (!stream || this.ended) return;
    await new Promise<void>((resolve) => {
      stream.once('end', () => resolve());
      stream.once('close', () => resolve());
      setTimeout(resolve, timeoutMs).unref();
    });
  }
}
