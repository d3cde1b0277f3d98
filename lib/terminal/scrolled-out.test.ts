import { Terminal } from '@xterm/headless';
import { describe, expect, it } from 'vitest';
import { skipScrolledOut } from '@/lib/terminal/scrolled-out';

const ROWS = 12;
const COLS = 40;
const SCROLLBACK = 30;

function write(term: Terminal, data: string): Promise<void> {
  return new Promise((resolve) => term.write(data, resolve));
}

/** Everything a user could see: every line of the buffer (with its wrap flag), the cursor, the scroll position. */
function snapshot(term: Terminal) {
  const b = term.buffer.active;
  const lines: string[] = [];
  for (let i = 0; i < b.length; i++) {
    const line = b.getLine(i);
    lines.push(`${line?.isWrapped ? '~' : ' '}${line?.translateToString() ?? ''}`);
  }
  return { lines, cursor: [b.cursorX, b.cursorY], baseY: b.baseY, type: b.type };
}

/** Writes `chunks` to one terminal whole and to another through skipScrolledOut; returns both and what was skipped. */
async function both(before: string, chunks: string[]) {
  const whole = new Terminal({ rows: ROWS, cols: COLS, scrollback: SCROLLBACK, allowProposedApi: true });
  const skipped = new Terminal({ rows: ROWS, cols: COLS, scrollback: SCROLLBACK, allowProposedApi: true });
  await write(whole, before);
  await write(skipped, before);
  let written = 0;
  let total = 0;
  for (const chunk of chunks) {
    const kept = skipScrolledOut(chunk, ROWS, SCROLLBACK);
    total += chunk.length;
    written += kept.length;
    await write(whole, chunk);
    await write(skipped, kept);
  }
  return { whole: snapshot(whole), skipped: snapshot(skipped), written, total };
}

/** A small deterministic generator, so a failure can be replayed. */
function random(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('skipScrolledOut', () => {
  it('leaves a flood of `yes` (CR LF lines) a small part to parse, and the buffer ends the same', async () => {
    const flood = 'y\r\n'.repeat(5000);
    const r = await both('/ # echo hi\r\nhi\r\n/ # yes\r\n', [flood, `${flood}y\r\ny`, flood]);
    expect(r.skipped).toEqual(r.whole);
    expect(r.skipped.lines.at(-1)?.trim()).toBe('');
    expect(r.written).toBeLessThan(r.total / 10);
  });

  it('ends with the same buffer for random plain text, cut into random chunks, from any cursor position', async () => {
    let written = 0;
    let total = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const rnd = random(seed);
      // Mostly CR LF as a TTY sends; every fifth text only bare LF (a staircase), where skipping must not start.
      const staircase = seed % 5 === 0;
      const bare = staircase ? 1 : 0.1;
      const chars = staircase ? 'abcxyz   \t\b界é' : 'abcxyz   \t\b\r界é';
      const pick = (s: string) => s[Math.floor(rnd() * s.length)] as string;
      let text = '';
      const lines = Math.floor(rnd() * 1500);
      for (let i = 0; i < lines; i++) {
        // Short and wrapping lines, tabs, backspaces, progress-bar CRs, wide characters; mostly CR LF, some bare LF.
        const len = Math.floor(rnd() * (rnd() < 0.1 ? 120 : 12));
        for (let j = 0; j < len; j++) text += pick(chars);
        text += rnd() < bare ? '\n' : '\r\n';
      }
      const chunks: string[] = [];
      for (let at = 0; at < text.length; ) {
        const n = 1 + Math.floor(rnd() * 3000);
        chunks.push(text.slice(at, at + n));
        at += n;
      }
      // Earlier output that left colour, a cursor anywhere on the screen, and an escape sequence cut in two.
      const row = 1 + Math.floor(rnd() * ROWS);
      const before = `old\r\n\x1b[3${Math.floor(rnd() * 8)}mcolour\r\n\x1b[${row};${1 + Math.floor(rnd() * COLS)}Hmid\x1b[4`;
      const r = await both(before, ['4mrest of it\r\n', ...chunks]);
      expect(r.skipped, `seed ${seed}`).toEqual(r.whole);
      if (staircase) expect(r.written, `seed ${seed}`).toBe(r.total);
      else {
        written += r.written;
        total += r.total;
      }
    }
    expect(written).toBeLessThan(total / 2);
  });

  it('writes text with escape sequences or other controls whole', () => {
    const lines = 'y\r\n'.repeat(1000);
    for (const control of ['\x1b[31m', '\x1b]0;title\x07', '\x07', '\x0e', '\x7f', '\x9b']) {
      const text = `first\r\n${lines}${control}${lines}`;
      expect(skipScrolledOut(text, ROWS, SCROLLBACK)).toBe(text);
    }
  });

  it('skips nothing when too few lines follow, or none of the line feeds has a CR before it', () => {
    const few = `a\r\n${'y\r\n'.repeat(2 * ROWS + SCROLLBACK - 1)}`;
    expect(skipScrolledOut(few, ROWS, SCROLLBACK)).toBe(few);
    const bare = `a\n${'y\n'.repeat(1000)}`;
    expect(skipScrolledOut(bare, ROWS, SCROLLBACK)).toBe(bare);
    expect(skipScrolledOut('no line feed at all'.repeat(100), ROWS, SCROLLBACK)).toBe(
      'no line feed at all'.repeat(100),
    );
  });
});
