/** Log search: plain text or a regular expression, with or without case; pure, shared by viewer and tests. */
export interface LogSearch {
  query: string;
  regex: boolean;
  caseSensitive: boolean;
}

export type Matcher =
  | { ok: true; test: (text: string) => boolean; ranges: (text: string) => [number, number][] }
  | {
      ok: false;
      error: string;
    };

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function makeMatcher(search: LogSearch): Matcher | null {
  if (!search.query) return null;
  let re: RegExp;
  try {
    re = new RegExp(
      search.regex ? search.query : escapeRegExp(search.query),
      search.caseSensitive ? 'g' : 'gi',
    );
  } catch (err) {
    return { ok: false, error: (err as Error).message };
  }
  return {
    ok: true,
    test: (text) => {
      re.lastIndex = 0;
      return re.test(text);
    },
    ranges: (text) => {
      const out: [number, number][] = [];
      re.lastIndex = 0;
      for (let m = re.exec(text); m; m = re.exec(text)) {
        if (m[0].length === 0) {
          re.lastIndex++; // an empty match (e.g. /x*/) must not loop forever
          continue;
        }
        out.push([m.index, m.index + m[0].length]);
      }
      return out;
    },
  };
}

/** A JSON log line as its top-level fields, or null when the line is not a JSON object. */
export function jsonFields(text: string): [string, string][] | null {
  const t = text.trim();
  if (!t.startsWith('{') || !t.endsWith('}')) return null;
  try {
    const value: unknown = JSON.parse(t);
    if (!value || typeof value !== 'object' || Array.isArray(value)) return null;
    return Object.entries(value).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]);
  } catch {
    return null;
  }
}
