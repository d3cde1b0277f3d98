const SITE = 'http://berth.invalid';

/** Where to send the browser back after logging in: only paths of this site, never another origin. */
export function safeNext(raw: string | null | undefined): string {
  if (!raw?.startsWith('/') || raw.startsWith('//') || raw.startsWith('/\\')) return '/';
  // The browser's URL parser drops tabs and newlines before reading the path, so `/\t/evil.example` would be
  // `//evil.example`, another origin (found by fuzzing); no path of ours has a control character.
  for (const c of raw) if (c < ' ' || c === '\u007f') return '/';
  try {
    if (new URL(raw, SITE).origin !== SITE) return '/';
  } catch {
    return '/';
  }
  return raw;
}
