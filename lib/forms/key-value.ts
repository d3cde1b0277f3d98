import { z } from 'zod';
import { InvalidSpecError, parseKeyValue } from '@/lib/containers/form';

/** KEY=VALUE lines with each key at most once (the engine keeps one value per key; a repeat is a typo). */
export const keyValueList = (what: string) =>
  z.array(z.string()).superRefine((entries, ctx) => {
    const seen = new Set<string>();
    entries.forEach((entry, index) => {
      try {
        const { key } = parseKeyValue(entry, what);
        if (seen.has(key))
          ctx.addIssue({ code: 'custom', path: [index], message: `"${key}" is given twice` });
        seen.add(key);
      } catch (err) {
        if (!(err instanceof InvalidSpecError)) throw err;
        ctx.addIssue({ code: 'custom', path: [index], message: err.message });
      }
    });
  });

/** Validated KEY=VALUE lines as the Engine's map. */
export function toRecord(entries: readonly string[] | undefined): Record<string, string> {
  const record: Record<string, string> = {};
  for (const entry of entries ?? []) {
    const { key, value } = parseKeyValue(entry);
    record[key] = value;
  }
  return record;
}
