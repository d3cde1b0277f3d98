import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ENV_MASK, maskEnv, parseEnv, unmaskEnv } from '@/lib/stacks/env';
import { fuzzParams, nastyString } from '@/lib/testing/fuzz';

/** Pieces `.env` files are made of, secret and plain keys, every quoting and comment form, and the mask. */
const key = fc.constantFrom(
  'DB_PASSWORD',
  'API_KEY',
  'HOST',
  'TZ',
  'A_TOKEN',
  'export SECRET',
  'DATABASE_URL',
  'x.y',
);
const piece = fc.oneof(
  nastyString,
  fc.constantFrom(
    '"',
    "'",
    '#',
    ' # ',
    '\\',
    '\\"',
    '=',
    ' ',
    '\t',
    '\r',
    '\n',
    '\r\n',
    ENV_MASK,
    'postgres://u:p@h/d',
  ),
);
const value = fc.array(piece, { maxLength: 6 }).map((parts) => parts.join(''));
const line = fc.oneof(
  fc.tuple(key, fc.constantFrom('=', ' = ', '= '), value).map(([k, sep, v]) => `${k}${sep}${v}`),
  fc
    .tuple(key, fc.constantFrom('"', "'"), value, fc.constantFrom('"', "'", ''), value)
    .map(([k, open, v, close, rest]) => `${k}=${open}${v}${close}${rest}`),
  fc.constantFrom('', '# comment', '  ', 'garbage line'),
  nastyString,
);
const envText = fc
  .tuple(fc.array(line, { maxLength: 12 }), fc.constantFrom('\n', '\r\n'))
  .map(([lines, eol]) => lines.join(eol));

describe('env masking (fuzz)', () => {
  it('unmask(mask(x).text, x) gives x back for any text', () => {
    fc.assert(
      fc.property(fc.oneof(envText, nastyString), (text) => {
        expect(unmaskEnv(maskEnv(text).text, text)).toBe(text);
      }),
      fuzzParams(3000),
    );
  });

  it('masking keeps the keys in order and leaves no masked value readable', () => {
    fc.assert(
      fc.property(envText, (text) => {
        const masked = maskEnv(text);
        const reread = parseEnv(masked.text);
        expect(reread.map((e) => e.key)).toEqual(parseEnv(text).map((e) => e.key));
        masked.entries.forEach((entry, i) => {
          if (entry.masked) expect(reread[i]?.value).toBe(ENV_MASK);
          else expect(reread[i]?.value).toBe(entry.value);
        });
      }),
      fuzzParams(3000),
    );
  });
});
