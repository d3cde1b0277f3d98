import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TerminalSession } from '@/server/realtime/terminal-session';

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
