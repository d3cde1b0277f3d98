/**
 * Lines of a long-running command's output (a build, a Compose action), sent in batches: a noisy step costs one
 * socket message per `ms`, not one per line. `close()` sends what is pending and stops the timer.
 */
export interface LineBatcher {
  push(lines: readonly string[]): void;
  close(): void;
}

export function lineBatcher(emit: (lines: string[]) => void, ms = 100): LineBatcher {
  let pending: string[] = [];
  let timer: NodeJS.Timeout | null = null;
  const flush = () => {
    timer = null;
    if (pending.length) emit(pending);
    pending = [];
  };
  return {
    push(lines) {
      pending.push(...lines);
      if (!timer) timer = setTimeout(flush, ms);
    },
    close() {
      if (timer) clearTimeout(timer);
      flush();
    },
  };
}
