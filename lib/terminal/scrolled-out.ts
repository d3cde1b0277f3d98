/** The browser terminal's scrollback (components/terminal/TerminalView.tsx); the server skips output by it too. */
export const TERMINAL_SCROLLBACK = 5000;

/**
 * A flood of short lines (`yes`, a chatty build) costs a terminal per line, yet only the last rows + scrollback
 * lines can ever be seen: the rest scrolls out of the buffer as soon as it is written. When the browser parses
 * every line, it falls behind, the server pauses the engine stream, output piles up in the engine's pipes and
 * socket (~300 kB measured, bench/exec.ts `ctrlc`) and a Ctrl-C waits behind all of it.
 *
 * `skipScrolledOut(text, rows, scrollback)` returns what of `text` must still be written for the terminal's
 * buffer (screen and scrollback) to end exactly as if all of it had been. It skips only inside plain text —
 * printable characters, CR, LF, TAB and BS — because an escape sequence may set state that outlives its line
 * (colours, modes, the cursor, the scroll region). The first line is always written: it may finish an escape
 * sequence the previous write began. Of the plain rest, what comes before a CR LF followed by at least
 * `2 × rows + scrollback` line feeds is dropped: from wherever the cursor stood, those line feeds push every
 * row that held earlier text out of the buffer, and after the CR every kept line starts where it would have.
 * (Not exact in one corner: a scroll region set earlier with the cursor left below it, where line feeds do not
 * scroll at all.)
 */
export function skipScrolledOut(text: string, rows: number, scrollback: number): string {
  const keep = 2 * rows + scrollback;
  // Fewer characters than line feeds needed: nothing to skip (the common case, a keystroke's echo).
  if (text.length <= keep + 2) return text;
  const head = text.indexOf('\n') + 1;
  if (head === 0) return text;
  let feeds = 0;
  let cut = -1;
  for (let i = text.length - 1; i >= head; i--) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      feeds++;
      // The CR LF that the kept part starts with: `keep` line feeds after it, the cursor at column 0.
      if (cut < 0 && feeds > keep && text.charCodeAt(i - 1) === 13) cut = i - 1;
    } else if ((c < 32 && c !== 13 && c !== 9 && c !== 8) || c === 127 || (c >= 0x80 && c < 0xa0)) {
      // ESC, another C0 or C1 control, DEL: not plain.
      return text;
    }
  }
  if (cut < head) return text;
  return text.slice(0, head) + text.slice(cut);
}
