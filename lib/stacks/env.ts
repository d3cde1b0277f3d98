import type { StackEnvEntry } from '@/lib/stacks/types';

/**
 * A stack's `.env` file (issue 14) read with Compose's syntax (compose-go's dotenv): `KEY=value` lines,
 * optional `export `, `#` comment lines, ` #` inline comments after unquoted values, single quotes (literal)
 * and double quotes (escapes), both of which may span lines. Values of secret-looking keys are shown masked;
 * a masked value sent back unchanged gets the stored one again. Browser-safe.
 */

/** What stands in for a secret value; the same mask as container environment values. */
export const ENV_MASK = '********';

export interface EnvEntry {
  key: string;
  /** The value as Compose reads it: quotes removed, escapes of double quotes applied. */
  value: string;
  /** 1-based line of the key. */
  line: number;
}

interface RawEntry extends EnvEntry {
  /** Offsets of the value as written (quotes and all) in the text: what masking replaces. */
  start: number;
  end: number;
}

const KEY_LINE = /^[ \t]*(?:export[ \t]+)?([A-Za-z_][A-Za-z0-9_.-]*)[ \t]*=[ \t]*/;

const DOUBLE_QUOTE_ESCAPES: Record<string, string> = {
  n: '\n',
  r: '\r',
  t: '\t',
  '\\': '\\',
  '"': '"',
  $: '$',
};

function unescapeDouble(body: string): string {
  return body.replace(/\\(.)/gs, (all, char: string) => DOUBLE_QUOTE_ESCAPES[char] ?? all);
}

/** Index of the quote closing the one at `open`, or -1. Double quotes honour backslash escapes. */
function closingQuote(text: string, open: number): number {
  const quote = text[open];
  for (let i = open + 1; i < text.length; i++) {
    const c = text[i];
    if (quote === '"' && c === '\\') i++;
    else if (c === quote) return i;
  }
  return -1;
}

/** Where a line ends (the offset of its `\n`, or the text's end). */
function lineEnd(text: string, from: number): number {
  const newline = text.indexOf('\n', from);
  return newline < 0 ? text.length : newline;
}

/**
 * The end of a value's written form on its (last) line: before an inline ` #` comment and trailing blanks.
 * As in Compose 2.26, `#` right at `from` is no comment (`KEY=#x` and `KEY= #x` are `#x`).
 */
function valueEnd(text: string, from: number, end: number): number {
  let stop = end;
  for (let i = from; i < end; i++) {
    if (text[i] === '#' && i > from && /[ \t]/.test(text[i - 1] ?? '')) {
      stop = i;
      break;
    }
  }
  while (stop > from && /[ \t\r]/.test(text[stop - 1] ?? '')) stop--;
  return stop;
}

function parseRaw(text: string): RawEntry[] {
  const entries: RawEntry[] = [];
  let offset = 0;
  let line = 1;
  while (offset <= text.length) {
    const end = lineEnd(text, offset);
    const match = KEY_LINE.exec(text.slice(offset, end));
    let next = end + 1;
    if (match) {
      const key = match[1] ?? '';
      const start = offset + match[0].length;
      const first = text[start];
      const close = first === '"' || first === "'" ? closingQuote(text, start) : -1;
      if (close >= 0) {
        // A quoted value, possibly over several lines; anything after the closing quote on its line is
        // part of the value as written (Compose refuses it), so masking keeps the line well-formed.
        const body = text.slice(start + 1, close);
        const closeLineEnd = lineEnd(text, close);
        const stop = Math.max(close + 1, valueEnd(text, close + 1, closeLineEnd));
        entries.push({ key, value: first === '"' ? unescapeDouble(body) : body, line, start, end: stop });
        line += (text.slice(offset, closeLineEnd).match(/\n/g) ?? []).length;
        next = closeLineEnd + 1;
      } else {
        // Unquoted, or a quote never closed (Compose refuses it): the rest of the line.
        let stop = valueEnd(text, start, end);
        if (first === '"' || first === "'") {
          stop = end;
          while (stop > start && /[ \t\r]/.test(text[stop - 1] ?? '')) stop--;
        }
        entries.push({ key, value: text.slice(start, stop), line, start, end: stop });
      }
    }
    offset = next;
    line++;
  }
  return entries;
}

/** The entries of a `.env` text, in order (a key set twice appears twice; Compose uses the last). */
export function parseEnv(text: string): EnvEntry[] {
  return parseRaw(text).map(({ key, value, line }) => ({ key, value, line }));
}

/** Words of a key: `MYSQL_ROOT_PASSWORD`, `apiKey`, `db.password` → MYSQL ROOT PASSWORD, API KEY, DB PASSWORD. */
function words(key: string): string[] {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toUpperCase()
    .split(/[^A-Z0-9]+/)
    .filter(Boolean);
}

/** Whole words that name a secret (`API_KEY`, `BASIC_AUTH`), not `KEYBOARD_LAYOUT` or `AUTHOR`. */
const SECRET_WORDS = new Set([
  'PASSWORD',
  'PASSWORDS',
  'PASSWD',
  'PASS',
  'PASSPHRASE',
  'PWD',
  'SECRET',
  'SECRETS',
  'TOKEN',
  'TOKENS',
  'KEY',
  'KEYS',
  'APIKEY',
  'PRIVATEKEY',
  'CREDENTIAL',
  'CREDENTIALS',
  'CREDS',
  'AUTH',
  'SALT',
  'PEPPER',
  'SIGNATURE',
  'COOKIE',
  'SESSION',
  'DSN',
  'PIN',
]);

/** Parts that mark a secret even inside a longer word (`DBPASSWORD`, `CLIENTSECRET`, `GITHUBTOKEN`). */
const SECRET_PARTS = ['PASSWORD', 'PASSWD', 'SECRET', 'TOKEN', 'APIKEY', 'PRIVATEKEY', 'CREDENTIAL'];

/** Shell variables whose names only look secret (`PWD` is the working directory). */
const NOT_SECRET = new Set(['PWD', 'OLDPWD']);

/** Whether a key looks like it holds a secret, so its value is shown masked. */
export function isSecretKey(key: string): boolean {
  if (NOT_SECRET.has(key.toUpperCase())) return false;
  const parts = words(key);
  if (parts.some((word) => SECRET_WORDS.has(word))) return true;
  const joined = parts.join('');
  return SECRET_PARTS.some((part) => joined.includes(part));
}

/** A URL with a password in it (`postgres://user:pass@db/app`) is a secret whatever its key is called. */
function hasUrlCredentials(value: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\/[^/\s:@]*:[^/\s@]+@/i.test(value.trim());
}

function isMasked(entry: EnvEntry): boolean {
  return entry.value !== '' && (isSecretKey(entry.key) || hasUrlCredentials(entry.value));
}

/** The text with every secret value replaced by ENV_MASK (quotes too), and its entries as shown. */
export function maskEnv(text: string): { text: string; entries: StackEnvEntry[] } {
  const raw = parseRaw(text);
  let masked = '';
  let from = 0;
  const entries: StackEnvEntry[] = [];
  for (const entry of raw) {
    const secret = isMasked(entry);
    entries.push({ key: entry.key, value: secret ? ENV_MASK : entry.value, masked: secret });
    if (!secret) continue;
    masked += text.slice(from, entry.start) + ENV_MASK;
    from = entry.end;
  }
  return { text: masked + text.slice(from), entries };
}

/**
 * The edited text with each value still written exactly as ENV_MASK given back the stored value of that key
 * (the n-th masked occurrence of a key takes the n-th stored one, or the last). A key the user deleted stays
 * deleted; a mask for a key that had no secret stored stays as typed.
 */
export function unmaskEnv(edited: string, stored: string): string {
  const storedByKey = new Map<string, RawEntry[]>();
  for (const entry of parseRaw(stored)) {
    if (!isMasked(entry)) continue;
    storedByKey.set(entry.key, [...(storedByKey.get(entry.key) ?? []), entry]);
  }
  const seen = new Map<string, number>();
  let result = '';
  let from = 0;
  for (const entry of parseRaw(edited)) {
    if (edited.slice(entry.start, entry.end) !== ENV_MASK) continue;
    const candidates = storedByKey.get(entry.key);
    if (candidates === undefined || candidates.length === 0) continue;
    const index = seen.get(entry.key) ?? 0;
    seen.set(entry.key, index + 1);
    const original = candidates[Math.min(index, candidates.length - 1)];
    if (original === undefined) continue;
    result += edited.slice(from, entry.start) + stored.slice(original.start, original.end);
    from = entry.end;
  }
  return result + edited.slice(from);
}
