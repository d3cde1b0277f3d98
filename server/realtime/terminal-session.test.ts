import { PassThrough } from 'node:stream';
import { Terminal } from '@xterm/headless';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TERMINAL_SCROLLBACK } from '@/lib/terminal/scrolled-out';
import { TerminalSession, WINDOW } from '@/server/realtime/terminal-session';

class TestSession extends TerminalSession {
  readonly input = new PassThrough();
  constructor(output: (data: string) => void) {
    super({ output, exit: () => {} });
    this.attachStream(this.input);
  }
  async resize() {}
  async close() {}
  protected async exitStatus() {
    return { exitCode: 0 };
  }
}

describe('TerminalSession output batching', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('sends echoes at once, and batches a burst of small writes once a window has had a few sends', () => {
    const out: string[] = [];
    const session = new TestSession((d) => out.push(d));
    for (const c of 'abcd') session.input.write(c);
    expect(out).toEqual(['a', 'b', 'c', 'd']);
    for (const c of 'efgh') session.input.write(c);
    expect(out).toEqual(['a', 'b', 'c', 'd']);
    vi.advanceTimersByTime(10);
    expect(out).toEqual(['a', 'b', 'c', 'd', 'efgh']);
    // A new window: the next keystroke's echo goes at once again.
    vi.advanceTimersByTime(10);
    session.input.write('i');
    expect(out.at(-1)).toBe('i');
  });
});

describe('TerminalSession flow control', () => {
  const settle = () => new Promise<void>((r) => setTimeout(r, 15));
  const bytes = (out: string[]) => out.reduce((n, d) => n + Buffer.byteLength(d), 0);
  /** Output a program would print that cannot be skipped: every line erases its rest (`ESC [ K`), as progress output does. */
  const coloured = (n: number) => '\x1b[32mok\x1b[0m line of output\x1b[K\r\n'.repeat(n);

  it('keeps at most a window in flight, holds the rest, and sends it as the browser acknowledges', async () => {
    const out: string[] = [];
    const session = new TestSession((d) => out.push(d));
    session.input.write(coloured(8000)); // ~250 kB
    await settle();
    expect(bytes(out)).toBeGreaterThan(0);
    expect(bytes(out)).toBeLessThanOrEqual(WINDOW + 32 * 1024);
    for (let i = 0; i < 50 && out.join('').length < coloured(8000).length; i++) {
      session.ack(bytes(out));
      await settle();
    }
    expect(out.join('')).toBe(coloured(8000));
  });

  it('pauses the engine stream once it holds more than the high watermark, and resumes once that is sent', async () => {
    const out: string[] = [];
    const session = new TestSession((d) => out.push(d));
    for (let i = 0; i < 16; i++) session.input.write(coloured(1000)); // 480 kB, unacknowledged
    await settle();
    expect(session.input.isPaused()).toBe(true);
    const sentWhilePaused = bytes(out);
    expect(sentWhilePaused).toBeLessThanOrEqual(WINDOW + 32 * 1024);
    for (let i = 0; i < 50 && session.input.isPaused(); i++) {
      session.ack(bytes(out));
      await settle();
    }
    expect(session.input.isPaused()).toBe(false);
    for (let i = 0; i < 50 && out.join('').length < coloured(16000).length; i++) {
      session.ack(bytes(out));
      await settle();
    }
    // Nothing skipped: every line carries an escape sequence that is not a colour.
    expect(out.join('')).toBe(coloured(16000));
  });

  it('skips what of a held-back flood would scroll out unseen: the browser gets little, and its screen ends the same', async () => {
    const out: string[] = [];
    const session = new TestSession((d) => out.push(d));
    const flood = `/ # yes\r\n${'y\r\n'.repeat(200_000)}^C\r\n/ # `;
    for (let at = 0; at < flood.length; at += 4096) session.input.write(flood.slice(at, at + 4096));
    // A browser that took nothing in the meantime, then catches up.
    await settle();
    for (let i = 0; i < 100 && !out.join('').endsWith('/ # '); i++) {
      session.ack(bytes(out));
      await settle();
    }
    const received = out.join('');
    expect(received.endsWith('^C\r\n/ # ')).toBe(true);
    expect(received.length).toBeLessThan(flood.length / 2);
    const screen = async (data: string) => {
      const term = new Terminal({
        rows: 24,
        cols: 80,
        scrollback: TERMINAL_SCROLLBACK,
        allowProposedApi: true,
      });
      await new Promise<void>((r) => term.write(data, r));
      const b = term.buffer.active;
      return Array.from({ length: b.length }, (_, i) => b.getLine(i)?.translateToString(true));
    };
    expect(await screen(received)).toEqual(await screen(flood));
  });
});

describe('TerminalSession idle close', () => {
  class IdleSession extends TerminalSession {
    readonly input = new PassThrough();
    closed = 0;
    exits: { exitCode: number | null; message?: string }[] = [];
    constructor() {
      super({ output: () => {}, exit: (exitCode, message) => this.exits.push({ exitCode, message }) });
      this.attachStream(this.input);
    }
    async resize() {}
    async close() {
      this.closed++;
      await this.finish();
    }
    protected async exitStatus() {
      return { exitCode: 137 };
    }
  }
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('closes after the idle time without input or output, with the idle message and no exit code', async () => {
    const session = new IdleSession();
    session.closeWhenIdle(
      () => 1000,
      (ms) => `idle ${ms}`,
    );
    vi.advanceTimersByTime(600);
    session.write('ls\r'); // input resets the clock
    vi.advanceTimersByTime(600);
    session.input.write('output'); // so does output
    vi.advanceTimersByTime(900);
    expect(session.closed).toBe(0);
    await vi.advanceTimersByTimeAsync(200);
    expect(session.closed).toBe(1);
    expect(session.exits).toEqual([{ exitCode: null, message: 'idle 1000' }]);
  });

  it('never closes while the idle time is 0, and applies a changed setting', async () => {
    const session = new IdleSession();
    let idle = 0;
    session.closeWhenIdle(
      () => idle,
      () => 'idle',
    );
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect(session.closed).toBe(0);
    idle = 5_000;
    await vi.advanceTimersByTimeAsync(60_000);
    expect(session.closed).toBe(1);
  });

  it('applies a lowered idle time to a session waiting on a longer one within a minute', async () => {
    const session = new IdleSession();
    let idle = 30 * 60_000;
    session.closeWhenIdle(
      () => idle,
      () => 'idle',
    );
    await vi.advanceTimersByTimeAsync(10_000);
    idle = 5_000;
    await vi.advanceTimersByTimeAsync(50_000);
    expect(session.closed).toBe(1);
  });

  it('stops watching once the session ended by itself', async () => {
    const session = new IdleSession();
    session.closeWhenIdle(
      () => 1000,
      () => 'idle',
    );
    session.input.end();
    await vi.advanceTimersByTimeAsync(5000);
    expect(session.closed).toBe(0);
    expect(session.exits).toEqual([{ exitCode: 137 }]);
  });
});
