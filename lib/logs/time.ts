/** Engine log timestamps (RFC 3339 with up to nanoseconds), shared by the server and the merged log view. */

/** RFC 3339 with nanoseconds → the engine's `since` ("seconds.nanoseconds"). */
export function rfc3339ToSince(time: string): string | null {
  const m = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?(Z|[+-]\d\d:\d\d)$/.exec(time);
  if (!m) return null;
  const seconds = Math.floor(Date.parse(`${m[1]}${m[3]}`) / 1000);
  if (!Number.isFinite(seconds)) return null;
  return `${seconds}.${(m[2] ?? '').padEnd(9, '0')}`;
}

/** Comparable form of one engine's timestamps (same zone): fractions padded so strings compare in order. */
export function timeKey(t: string): string {
  const [base = '', frac = ''] = t.replace(/Z$/, '').split('.');
  return `${base}.${frac.padEnd(9, '0')}`;
}

export function isAfter(time: string | undefined, than: string | undefined): boolean {
  if (!than) return true;
  if (!time) return false;
  return timeKey(time) > timeKey(than);
}

export function byTime(a: { time?: string }, b: { time?: string }): number {
  if (a.time === b.time) return 0;
  return isAfter(a.time, b.time) ? 1 : -1;
}
