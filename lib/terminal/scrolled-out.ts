/** The browser terminal's scrollback (components/terminal/TerminalView.tsx); the server skips output by it too. */
export const TERMINAL_SCROLLBACK = 5000;

/**
 * A flood of short lines (`yes`, a chatty build) costs a terminal per line, yet only the last rows + scrollback
 * lines can ever be seen: the rest scrolls out of the buffer as soon as it is written. When the browser parses
 * every line, it falls behind, the server pauses the engine stream, output piles up in the engine's pipes and
 * socket (~300 kB measured, bench/exec.ts `ctrlc`) and a Ctrl-C waits behind all of it.
 *
 * `skipScrolledOut(text, rows, scrollback)` returns what of `text` must still be written for the terminal's
 * buffer (screen and scrollback) to end exactly as if all of it had been. It skips only in text that is plain —
 * printable characters, CR, LF, TAB and BS — or colours (SGR, `ESC [ … m`, as coloured logs and compilers
 * print), and only up to the first other control or escape sequence: those may set state that outlives its line
 * (modes, the cursor, the scroll region, the other screen). The first line is always written: it may finish an
 * escape sequence the previous write began. Of the rest, what comes before a CR LF followed by at least
 * `2 × rows + scrollback` line feeds before any such sequence is dropped but for the SGR sequences since its last
 * reset, kept in order: from
 * wherever the cursor stood, those line feeds push every row that held earlier text out of the buffer, after
 * the CR every kept line starts where it would have, and the colours in force are those the dropped text left.
 * (Not exact in one corner: a scroll region set earlier with the cursor left below it, where line feeds do not
 * scroll at all.)
 */
export function skipScrolledOut(text: string, rows: number, scrollback: number): string {
  const keep = 2 * rows + scrollback;
  // Fewer characters than line feeds needed: nothing to skip (the common case, a keystroke's echo).
  if (text.length <= keep + 2) return text;
  const head = text.indexOf('\n') + 1;
  if (head === 0) return text;
  const feeds: number[] = [];
  const sgr: [number, number][] = [];
  // Up to the first control or escape sequence that is not a colour (or not finished in this text): the
  // cut needs its line feeds before it, so that state it sets applies only after earlier rows are gone.
  for (let i = head; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) feeds.push(i);
    else if (c === 27) {
      const end = sgrEnd(text, i);
      if (end < 0) break;
      sgr.push([i, end]);
      i = end - 1;
    } else if ((c < 32 && c !== 13 && c !== 9 && c !== 8) || c === 127 || (c >= 0x80 && c < 0xa0)) {
      break;
    }
  }
  // The CR LF that the kept part starts with: more than `keep` line feeds from it on, the cursor at column 0.
  let cut = -1;
  for (let k = feeds.length - keep - 1; k >= 0; k--) {
    const lf = feeds[k] as number;
    if (lf - 1 >= head && text.charCodeAt(lf - 1) === 13) {
      cut = lf - 1;
      break;
    }
  }
  if (cut < 0) return text;
  // Only the colours in force at the cut matter: those set since the last reset before it.
  let to = 0;
  while (to < sgr.length && (sgr[to] as [number, number])[0] < cut) to++;
  let from = to - 1;
  while (from > 0 && !isReset(text, (sgr[from] as [number, number])[0])) from--;
  let colours = '';
  for (let k = Math.max(from, 0); k < to; k++) {
    const [start, end] = sgr[k] as [number, number];
    colours += text.slice(start, end);
  }
  return text.slice(0, head) + colours + text.slice(cut);
}

/** Whether the SGR at `at` starts with a reset (`ESC [ m`, `ESC [ 0 m`, `ESC [ 0 ; … m`): it undoes all before it. */
function isReset(text: string, at: number): boolean {
  let i = at + 2;
  while (text.charCodeAt(i) === 48) i++;
  const c = text.charCodeAt(i);
  return c === 109 || c === 59;
}

/** The index after `ESC [ params m` starting at `at`, or -1 if another (or an unfinished) sequence starts there. */
function sgrEnd(text: string, at: number): number {
  if (text.charCodeAt(at + 1) !== 91) return -1;
  for (let i = at + 2; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 109) return i + 1;
    // Digits, `;` and `:` (sub-parameters of 38/48 colours).
    if (!((c >= 48 && c <= 57) || c === 59 || c === 58)) return -1;
  }
  return -1;
}
