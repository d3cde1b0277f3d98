/**
 * Lines of a long-running command's output (a build, a Compose action), sent in batches: a noisy step costs at
 * most one socket message per `ms`, not one per line. A line after a quiet spell goes at once (leading edge):
 * Compose prints a line every few hundred milliseconds, and each would otherwise wait a whole period (the
 * stacks bench measured 109 ms p50 per line with a trailing-only 100 ms batch). `close()` sends what is
 * pending and stops the timer.
 */
export interface LineBatcher {
  push(lines: readonly string[]): void;
  close(): void;
}

export function lineBatcher(emit: (lines: string[]) => void, ms = 100): LineBatcher {
  let pending: string[] = [];
  let timer: NodeJS.Timeout | null = null;
  let lastSent = Number.NEGATIVE_INFINITY;
  const flush = () => {
    timer = null;
    if (pending.length) {
      lastSent = Date.now();
      emit(pending);
    }
    pending = [];
  };
  return {
    push(lines) {
      if (lines.length === 0) return;
      pending.push(...lines);
      if (timer) return;
      const wait = lastSent + ms - Date.now();
      if (wait <= 0) flush();
      else timer = setTimeout(flush, wait);
    },
    close() {
      if (timer) clearTimeout(timer);
      flush();
    },
  };
}
