/**
 * What stands in for an environment value a caller may not read (settings.viewerAccess.environmentValues),
 * in the inspect JSON; the detail view answers `value: null` instead.
 */
export const ENV_VALUE_MASK = '********';

export interface EnvVariable {
  name: string;
  /** Null where the caller may not read it. An entry without `=` (the engine keeps `NAME` as given) is ''. */
  value: string | null;
}

/** `NAME=value` as the engine lists it; only the first `=` separates, a value may contain more. */
export function splitEnvEntry(entry: string): { name: string; value: string } {
  const at = entry.indexOf('=');
  return at < 0 ? { name: entry, value: '' } : { name: entry.slice(0, at), value: entry.slice(at + 1) };
}

/** The entry with its value replaced by the mask; the name stays readable. */
export function maskEnvEntry(entry: string): string {
  return `${splitEnvEntry(entry).name}=${ENV_VALUE_MASK}`;
}

export function toEnvVariables(entries: readonly string[] | null | undefined, mask: boolean): EnvVariable[] {
  return (entries ?? []).map((entry) => {
    const { name, value } = splitEnvEntry(entry);
    return { name, value: mask ? null : value };
  });
}
