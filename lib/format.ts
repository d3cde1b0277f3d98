/** Formatting shared by every view; locale-aware where the platform is. */

export function formatBytes(bytes: number, locale = 'en'): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '—';
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1;
  return `${new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(value)} ${units[unit]}`;
}

/** "3 minutes ago", from unix milliseconds, in the viewer's language. */
/** One formatter per locale: making one costs more than formatting with it (a long list formats thousands). */
const relativeFormats = new Map<string, Intl.RelativeTimeFormat>();

export function formatRelative(ms: number, locale = 'en', now = Date.now()): string {
  const seconds = Math.round((ms - now) / 1000);
  let rtf = relativeFormats.get(locale);
  if (!rtf) {
    rtf = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
    relativeFormats.set(locale, rtf);
  }
  const steps: [Intl.RelativeTimeFormatUnit, number][] = [
    ['year', 31_536_000],
    ['month', 2_592_000],
    ['day', 86_400],
    ['hour', 3_600],
    ['minute', 60],
  ];
  for (const [unit, size] of steps) {
    if (Math.abs(seconds) >= size) return rtf.format(Math.trunc(seconds / size), unit);
  }
  return rtf.format(seconds, 'second');
}

export function shortId(id: string): string {
  return id.replace(/^sha256:/, '').slice(0, 12);
}

const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();

/** `new Date(ms).toLocaleString(locale)` with one formatter per locale (toLocaleString makes one per call). */
export function formatDateTime(ms: number, locale = 'en'): string {
  let format = dateTimeFormats.get(locale);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, {
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    dateTimeFormats.set(locale, format);
  }
  return format.format(ms);
}
