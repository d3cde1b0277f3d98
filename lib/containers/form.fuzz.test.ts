import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  InvalidSpecError,
  parseCpus,
  parseImageRef,
  parseKeyValue,
  parseMemory,
  parsePortSpec,
  parseRestart,
  parseVolumeSpec,
} from '@/lib/containers/form';
import { parseImageReference, splitImageReference } from '@/lib/images/reference';
import { fuzzParams, nastyString } from '@/lib/testing/fuzz';

/** The value, or null when refused with InvalidSpecError: any other exception is a bug. */
function parseOrRefuse<T>(parse: (text: string) => T, text: string): T | null {
  try {
    return parse(text);
  } catch (err) {
    if (err instanceof InvalidSpecError) return null;
    throw err;
  }
}

/** Text made of the characters these syntaxes are built from, so the fuzzer reaches past the first check. */
const specText = fc
  .array(
    fc.oneof(
      fc.constantFrom(
        ':',
        '/',
        '-',
        '[',
        ']',
        '.',
        ',',
        '=',
        '@',
        'tcp',
        'udp',
        'sctp',
        'ro',
        'rw',
        'z',
        'Z',
      ),
      fc.constantFrom('::1', '127.0.0.1', '0', '1', '80', '65535', '65536', '99999999999999999999', 'e3'),
      fc.constantFrom('k', 'm', 'g', 'b', 'KB', '1.5', '.5', 'on-failure', 'always', 'no'),
      nastyString,
    ),
    { maxLength: 8 },
  )
  .map((parts) => parts.join(''));
const anyText = fc.oneof(nastyString, specText);

const PARSERS: [string, (text: string) => unknown][] = [
  ['parsePortSpec', parsePortSpec],
  ['parseVolumeSpec', parseVolumeSpec],
  ['parseMemory', parseMemory],
  ['parseCpus', parseCpus],
  ['parseRestart', parseRestart],
  ['parseKeyValue', (text) => parseKeyValue(text)],
  ['parseImageRef', parseImageRef],
];

describe('the create form parsers, fuzzed', () => {
  it.each(PARSERS)('%s answers a value or an InvalidSpecError for any text', (_, parse) => {
    fc.assert(
      fc.property(anyText, (text) => void parseOrRefuse(parse, text)),
      fuzzParams(3_000),
    );
  });

  it('reads only ports between 1 and 65535, in ranges that do not end before they start', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const spec = parseOrRefuse(parsePortSpec, text);
        if (!spec) return;
        for (const range of [spec.containerPorts, spec.hostPorts ?? spec.containerPorts]) {
          expect(range.start).toBeGreaterThanOrEqual(1);
          expect(range.end).toBeLessThanOrEqual(65535);
          expect(range.end).toBeGreaterThanOrEqual(range.start);
        }
      }),
      fuzzParams(3_000),
    );
  });

  it('reads back the ports of any well-formed mapping', () => {
    const port = fc.integer({ min: 1, max: 65535 });
    fc.assert(
      fc.property(port, port, fc.constantFrom('tcp', 'udp', 'sctp'), (host, container, protocol) => {
        expect(parsePortSpec(`127.0.0.1:${host}:${container}/${protocol}`)).toEqual({
          hostIp: '127.0.0.1',
          hostPorts: { start: host, end: host },
          containerPorts: { start: container, end: container },
          protocol,
        });
      }),
      fuzzParams(500),
    );
  });

  it('reads memory sizes as safe positive integers only', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const bytes = parseOrRefuse(parseMemory, text);
        if (bytes !== null) expect(Number.isSafeInteger(bytes) && bytes > 0, text).toBe(true);
      }),
      fuzzParams(3_000),
    );
  });
});

describe('image references, fuzzed', () => {
  it('never throw, and a parsed reference parses again to itself', () => {
    fc.assert(
      fc.property(anyText, fc.boolean(), (text, defaultTag) => {
        expect(splitImageReference(text).ok).toBeTypeOf('boolean');
        const parsed = parseImageReference(text, { defaultTag });
        if (!parsed.ok) return;
        const again = parseImageReference(parsed.ref.full, { defaultTag });
        expect(again.ok && again.ref.full, text).toBe(parsed.ref.full);
        const familiar = parseImageReference(parsed.ref.familiar, { defaultTag });
        expect(familiar.ok && familiar.ref.full, text).toBe(parsed.ref.full);
      }),
      fuzzParams(3_000),
    );
  });

  it('normalise the references that docker accepts, whatever their parts', () => {
    const component = fc.stringMatching(/^[a-z0-9]+(?:[._-][a-z0-9]+)?$/);
    fc.assert(
      fc.property(
        fc.option(fc.constantFrom('localhost:5000', 'ghcr.io', 'docker.io', 'index.docker.io', '[::1]:80')),
        fc.array(component, { minLength: 1, maxLength: 3 }),
        fc.option(fc.stringMatching(/^\w[\w.-]{0,20}$/)),
        (registry, path, tag) => {
          const text = `${registry ? `${registry}/` : ''}${path.join('/')}${tag ? `:${tag}` : ''}`;
          const parsed = parseImageReference(text);
          expect(parsed.ok, text).toBe(true);
        },
      ),
      fuzzParams(1_000),
    );
  });
});
