import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { safeNext } from '@/lib/http/next';
import { fuzzParams, nastyString } from '@/lib/testing/fuzz';

const SITE = 'https://berth.example';

/** Characters browsers treat specially at the start of a URL: slashes, backslashes, tabs and newlines. */
const tricky = fc
  .array(
    fc.oneof(
      fc.constantFrom(
        '/',
        '\\',
        '\t',
        '\n',
        '\r',
        ' ',
        '%2f',
        '%5c',
        '.',
        '@',
        ':',
        'evil.example',
        '?',
        '#',
      ),
      nastyString,
    ),
    { maxLength: 6 },
  )
  .map((parts) => parts.join(''));

describe('safeNext, fuzzed', () => {
  it('never leads the browser to another origin, however the path is written', () => {
    fc.assert(
      fc.property(fc.oneof(tricky, nastyString), (raw) => {
        // window.location.assign resolves it as the URL parser does (tabs and newlines removed first).
        expect(new URL(safeNext(raw), SITE).origin, JSON.stringify(raw)).toBe(SITE);
      }),
      fuzzParams(5_000),
    );
  });
});
