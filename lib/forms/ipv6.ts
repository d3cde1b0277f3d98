/**
 * `ipaddr.IPv6.isValid` without zones, ported from ipaddr.js 2 (MIT) so that image references (parsed on the
 * containers list) do not bring the whole library (~5 kB gzip) to the browser. Same answers as lib/forms/ip's
 * isIPv6 for every input (ipv6.test.ts compares them).
 */
const IPV4_PART = '(0?\\d+|0x[a-f0-9]+)';
const IPV4 = `${IPV4_PART}\\.${IPV4_PART}\\.${IPV4_PART}\\.${IPV4_PART}`;
const IPV6_PART = '(?:[0-9a-f]+::?)+';
const NATIVE = new RegExp(`^(::)?(${IPV6_PART})?([0-9a-f]+)?(::)?$`, 'i');
const DEPRECATED_TRANSITIONAL = new RegExp(`^(?:::)(${IPV4})$`, 'i');
const TRANSITIONAL = new RegExp(`^((?:${IPV6_PART})|(?:::)(?:${IPV6_PART})?)${IPV4}$`, 'i');

/** ipaddr's expandIPv6: the `parts` groups of an address, `::` filled in, or null. */
function expand(text: string, parts: number): number[] | null {
  if (text.indexOf('::') !== text.lastIndexOf('::')) return null;
  let colons = text.split(':').length - 1;
  if (text.startsWith('::')) colons--;
  if (text.endsWith('::')) colons--;
  if (colons >= parts) return null;
  let s = text.replace('::', `:${'0:'.repeat(parts - colons)}`);
  if (s.startsWith(':')) s = s.slice(1);
  if (s.endsWith(':')) s = s.slice(0, -1);
  return s.split(':').map((g) => (g.length > 4 ? Number.NaN : Number.parseInt(g, 16)));
}

function parse(text: string): number[] | null {
  const old = DEPRECATED_TRANSITIONAL.exec(text);
  if (old) return parse(`::ffff:${old[1]}`);
  if (NATIVE.test(text)) return expand(text, 8);
  const m = TRANSITIONAL.exec(text);
  if (!m) return null;
  const head = m[1] ?? '';
  const parts = expand(head.endsWith('::') ? head : head.slice(0, -1), 6);
  if (!parts) return null;
  // biome-ignore lint/correctness/useParseIntRadix: as ipaddr, which reads `0x1f` as hex here
  const octets = [m[2], m[3], m[4], m[5]].map((o) => Number.parseInt(o ?? ''));
  if (!octets.every((o) => o >= 0 && o <= 255)) return null;
  const [a = 0, b = 0, c = 0, d = 0] = octets;
  return [...parts, (a << 8) | b, (c << 8) | d];
}

/** A plain IPv6 address (no zone), as lib/forms/ip's isIPv6 answers it. */
export function isIPv6Address(text: string): boolean {
  if (!text.includes(':') || text.includes('%')) return false;
  const parts = parse(text);
  return parts !== null && parts.length === 8 && parts.every((p) => p >= 0 && p <= 0xffff);
}
