import { Terminal } from '@xterm/headless';
import { describe, expect, it } from 'vitest';
import { skipScrolledOut } from '@/lib/terminal/scrolled-out';

const ROWS = 12;
const COLS = 40;
const SCROLLBACK = 30;

function write(term: Terminal, data: string): Promise<void> {
  return new Promise((resolve) => term.write(data, resolve));
}

/**
 * Everything a user could see: every line of the buffer (with its wrap flag), each cell's colours and weight,
 * the cursor, the scroll position.
 */
function snapshot(term: Terminal) {
  const b = term.buffer.active;
  const lines: string[] = [];
  const colours: string[] = [];
  const cell = b.getNullCell();
  for (let i = 0; i < b.length; i++) {
    const line = b.getLine(i);
    lines.push(`${line?.isWrapped ? '~' : ' '}${line?.translateToString() ?? ''}`);
    let attrs = '';
    for (let x = 0; x < term.cols; x++) {
      line?.getCell(x, cell);
      attrs += `${cell.getFgColorMode()}.${cell.getFgColor()}/${cell.getBgColorMode()}.${cell.getBgColor()}/${cell.isBold()} `;
    }
    colours.push(attrs);
  }
  return { lines, colours, cursor: [b.cursorX, b.cursorY], baseY: b.baseY, type: b.type };
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

  it('keeps the colours of what it drops: random coloured text, with other sequences now and then, ends with the same cells', async () => {
    let written = 0;
    let total = 0;
    for (let seed = 1; seed <= 30; seed++) {
      const rnd = random(seed * 7919);
      const colours = [
        '\x1b[0m',
        '\x1b[31m',
        '\x1b[1;32m',
        '\x1b[44m',
        '\x1b[m',
        '\x1b[38;5;208m',
        '\x1b[48:2::10:20:30m',
        '\x1b[22;39;49m',
      ];
      const pick = <T>(list: readonly T[]) => list[Math.floor(rnd() * list.length)] as T;
      let text = '';
      const lines = Math.floor(rnd() * 1500);
      for (let i = 0; i < lines; i++) {
        // Coloured log lines: a level in colour, a reset, text; some lines leave a colour (or a background) on.
        if (rnd() < 0.7) text += pick(colours);
        // Now and then a sequence that is not a colour (a prompt's title, cursor moves, an erase, a bell).
        if (rnd() < 0.001)
          text += pick(['\x1b]0;title\x07', '\x1b[H', '\x1b[2A', '\x1b[K', '\x1b[2J', '\x07']);
        text += pick(['INFO', 'WARN', 'ERROR', '']);
        if (rnd() < 0.5) text += '\x1b[0m';
        const len = Math.floor(rnd() * (rnd() < 0.1 ? 90 : 20));
        for (let j = 0; j < len; j++) text += pick([...'abc xyz\t界']);
        text += '\r\n';
      }
      const chunks: string[] = [];
      for (let at = 0; at < text.length; ) {
        const n = 1 + Math.floor(rnd() * 16000);
        chunks.push(text.slice(at, at + n));
        at += n;
      }
      const row = 1 + Math.floor(rnd() * ROWS);
      const r = await both(`old\r\n\x1b[${row};5Hmid\x1b[4`, ['4mrest\r\n', ...chunks, 'after']);
      expect(r.skipped, `seed ${seed}`).toEqual(r.whole);
      written += r.written;
      total += r.total;
    }
    expect(written).toBeLessThan(total / 2);
  });

  it('skips only before another escape sequence or control, with enough line feeds before it', async () => {
    const lines = 'y\r\n'.repeat(1000);
    for (const control of [
      '\x1b]0;title\x07',
      '\x1b[2J',
      '\x1b[?1049h',
      '\x1b[5;10r',
      '\x1b[A',
      '\x1bc',
      '\x07',
      '\x0e',
      '\x7f',
      '\x9b',
    ]) {
      // Right after the first line: nothing can be skipped.
      const early = `first\r\n${control}${lines}${lines}`;
      expect(skipScrolledOut(early, ROWS, SCROLLBACK)).toBe(early);
      // After a flood: the flood is skipped up to its last rows, the sequence and all after it are kept.
      const late = `first\r\n${lines}${control}${lines}`;
      const kept = skipScrolledOut(late, ROWS, SCROLLBACK);
      // 3,000 characters of flood before it, of which only the last lines remain.
      expect(kept.length).toBeLessThan(late.length - 2500);
      expect(kept.endsWith(`${'y\r\n'.repeat(2 * ROWS + SCROLLBACK)}${control}${lines}`)).toBe(true);
    }
    // Text ending inside a sequence: skipped up to it, the unfinished part kept for the next write to finish.
    expect(skipScrolledOut(`first\r\n${lines}\x1b[3`, ROWS, SCROLLBACK).endsWith('y\r\n\x1b[3')).toBe(true);
    // And the buffer ends the same with any of them after a flood, colours and all.
    for (const control of ['\x1b]0;title\x07', '\x1b[2J', '\x1b[?1049h', '\x1b[5;10r', '\x1b[3A', '\x1bc']) {
      const r = await both('/ # yes\r\n', [`\x1b[41m${lines}\x1b[1m${lines}${control}after\r\n${lines}`]);
      expect(r.skipped, JSON.stringify(control)).toEqual(r.whole);
      expect(r.written).toBeLessThan(r.total / 2);
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
