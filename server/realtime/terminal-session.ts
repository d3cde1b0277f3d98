import { randomUUID } from 'node:crypto';
import type { Duplex, Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { MAX_TERMINAL_SIZE } from '@/lib/exec/types';
import { skipScrolledOut, TERMINAL_SCROLLBACK } from '@/lib/terminal/scrolled-out';

/**
 * What every interactive terminal (exec, attach) shares: output is batched and flow-controlled by the bytes the
 * browser acknowledges, so a flood (`yes`) neither grows this process's memory nor freezes the tab, and a
 * Ctrl-C's prompt does not wait behind it. At most WINDOW bytes are in flight to the browser; what the engine
 * sends meanwhile waits here, where what would scroll out of the terminal unseen is skipped (exactly: see
 * lib/terminal/scrolled-out.ts), and past HIGH_WATERMARK bytes read and not yet sent, the engine stream is
 * paused until they are. The engine's own pipes and socket hold ~300 kB more behind a pause (bench/exec.ts
 * `ctrlc`); they arrive at once on resume and are skipped the same way.
 */
export const WINDOW = 64 * 1024;
export const HIGH_WATERMARK = 256 * 1024;
const BATCH_MS = 10;
const BATCH_BYTES = 32 * 1024;
const IMMEDIATE_SENDS = 4;
/** Output held here is searched for lines to skip once it is this long, then each time it doubles. */
const COMPACT_AT = 32 * 1024;
/** The longest a session waits before it looks at its idle timeout again (a changed setting applies by then). */
const IDLE_RECHECK_MS = 60_000;

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
  /** Output not sent yet, and how many bytes the engine sent since the last time none was waiting. */
  private pending = '';
  private held = 0;
  private compactAt = COMPACT_AT;
  private timer: NodeJS.Timeout | null = null;
  private windowStart = 0;
  private immediateSends = 0;
  private readonly decoder = new StringDecoder('utf8');
  /** When input or output last passed (`closeWhenIdle`), and the message the end reports instead of its own. */
  private lastActivity = Date.now();
  private idleTimer: NodeJS.Timeout | null = null;
  private endMessage: string | null = null;

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

  /** Text for the browser: batched, held while the window is full. */
  protected push(text: string) {
    if (!text) return;
    this.lastActivity = Date.now();
    this.pending += text;
    this.held += Buffer.byteLength(text);
    if (this.pending.length >= this.compactAt) {
      // As tall as a client may make its terminal: the browser may have grown it since.
      this.pending = skipScrolledOut(this.pending, MAX_TERMINAL_SIZE, TERMINAL_SCROLLBACK);
      // Doubling: text that cannot be skipped (escape sequences) is not searched again and again.
      this.compactAt = Math.max(COMPACT_AT, 2 * this.pending.length);
    }
    if (!this.paused && this.held > HIGH_WATERMARK) {
      this.paused = true;
      this.stream?.pause();
    }
    if (this.pending.length >= BATCH_BYTES) this.flush();
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
  }

  /** Sends what waits, in batches, while the window has room (`all`: at the end, whatever the window). */
  private flush(all = false) {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    while (this.pending && (all || this.sent - this.acked < WINDOW)) {
      let end = Math.min(this.pending.length, BATCH_BYTES);
      // Never between the two halves of a surrogate pair.
      const last = this.pending.charCodeAt(end - 1);
      if (end < this.pending.length && last >= 0xd800 && last <= 0xdbff) end--;
      const data = this.pending.slice(0, end);
      this.pending = this.pending.slice(end);
      this.sent += Buffer.byteLength(data);
      this.on.output(data);
    }
    if (this.pending) return;
    this.held = 0;
    this.compactAt = COMPACT_AT;
    if (this.paused) {
      this.paused = false;
      this.stream?.resume();
    }
  }

  /** The browser has written this many bytes in total: what waits may go. */
  ack(totalBytes: number) {
    this.acked = Math.max(this.acked, Math.min(totalBytes, this.sent));
    if (this.pending && !this.timer) this.flush();
  }

  get unacknowledged(): number {
    return this.sent - this.acked;
  }

  get acceptsInput(): boolean {
    return true;
  }

  write(data: string) {
    this.lastActivity = Date.now();
    if (!this.ended) this.stream?.write(data);
  }

  /**
   * Closes the session (as `close` does: an exec's process ends) once neither input nor output passed for
   * `idleMs()` (read at each check, at least once a minute, so a changed setting applies; 0 or less: never). Its exit then carries no exit code and `message(idleMs)`.
   */
  closeWhenIdle(idleMs: () => number, message: (idleMs: number) => string) {
    const check = () => {
      this.idleTimer = null;
      if (this.ended) return;
      const limit = idleMs();
      const quiet = Date.now() - this.lastActivity;
      if (limit > 0 && quiet >= limit) {
        this.endMessage = message(limit);
        void this.close().catch(() => {});
        return;
      }
      // Looked at again at least each minute, so a lowered setting applies to open sessions too.
      this.idleTimer = setTimeout(
        check,
        limit > 0 ? Math.min(limit - quiet, IDLE_RECHECK_MS) : IDLE_RECHECK_MS,
      );
      this.idleTimer.unref();
    };
    check();
  }

  /** Milliseconds since input or output last passed. */
  get idleFor(): number {
    return Date.now() - this.lastActivity;
  }

  protected async finish() {
    if (this.ended) return;
    this.ended = true;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    this.flush(true);
    const { exitCode, message } = await this.exitStatus().catch(
      (): { exitCode: number | null; message?: string } => ({ exitCode: null }), // the container may be gone
    );
    // Closed for idleness: the process was ended by us, its exit code says nothing.
    if (this.endMessage) this.on.exit(null, this.endMessage);
    else this.on.exit(exitCode, message);
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
