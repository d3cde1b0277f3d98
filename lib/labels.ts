/**
 * Whether labels pass one `label=` filter as the engine reads it (moby's matchLabels): `key` needs the label,
 * `key=value` needs that value. Own properties only, so `constructor` is not a label every object has.
 */
export function hasLabel(labels: Record<string, string> | null | undefined, filter: string): boolean {
  const own = labels ?? {};
  const eq = filter.indexOf('=');
  if (eq < 0) return Object.hasOwn(own, filter);
  const key = filter.slice(0, eq);
  return Object.hasOwn(own, key) && own[key] === filter.slice(eq + 1);
}
