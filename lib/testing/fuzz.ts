import fc from 'fast-check';
import { z } from 'zod';

/**
 * Shared settings and inputs of the fuzz tests (issue 18). The seed is fixed so a failure reproduces; the
 * runs are bounded so each property takes a few seconds at most. Set BERTH_FUZZ_SEED to explore other
 * inputs locally.
 */
export const FUZZ_SEED = Number(process.env.BERTH_FUZZ_SEED ?? 18);

export function fuzzParams(numRuns: number): fc.Parameters<unknown> {
  return { seed: FUZZ_SEED, numRuns, interruptAfterTimeLimit: 5_000, markInterruptAsFailure: false };
}

/** Strings that have broken parsers before: bad percent-encodings, traversal, control and astral characters. */
export const NASTY_STRINGS = [
  '',
  ' ',
  '%',
  '%ff',
  '%E0%A4%A',
  '%00',
  '..',
  '../../etc/passwd',
  '/',
  '//',
  '\\',
  '\u0000',
  '\r\n',
  '\uFEFF',
  '\uD800',
  '😀',
  'é',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'NaN',
  '-1',
  '1e309',
  '0x10',
  'null',
  'true',
  '$(id)',
  '`id`',
  "'",
  '"',
  `\${HOME}`,
  '*',
  '?',
  '[',
  '-',
  '--',
  '=',
  ':',
  '@',
  'a'.repeat(10_000),
] as const;

/** A string: arbitrary, a nasty one, or a mix of both. */
export const nastyString: fc.Arbitrary<string> = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme' }),
  fc.string({ unit: 'binary' }),
  fc.constantFrom(...NASTY_STRINGS),
  fc.tuple(fc.string(), fc.constantFrom(...NASTY_STRINGS), fc.string()).map((parts) => parts.join('')),
);

/** Any JSON-ish value, including the wrong types and prototype-named keys. */
export const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.anything({ withNullPrototype: true, withBigInt: false, withObjectString: true, maxDepth: 4 }),
  fc.jsonValue({ maxDepth: 4 }),
  nastyString,
  fc.dictionary(fc.constantFrom(...NASTY_STRINGS), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }),
  fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, -0, 2 ** 53, -1, 0.5, null, undefined, [], {}),
);

/**
 * An object with the keys a schema expects (and maybe more), each holding a value of any type: gets past
 * the outer `object` check so the fields' own checks, refinements and transforms run.
 */
export function objectWithKeys(keys: readonly string[]): fc.Arbitrary<Record<string, unknown>> {
  const fieldValue = fc.oneof(
    nastyString,
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.array(nastyString, { maxLength: 4 }),
    anyValue,
  );
  return fc
    .tuple(
      fc.record(Object.fromEntries(keys.map((key) => [key, fieldValue])), { requiredKeys: [] }),
      fc.dictionary(nastyString, fieldValue, { maxKeys: 2 }),
    )
    .map(([known, extra]) => ({ ...extra, ...known }));
}

/** The keys of an object schema, through refinements, pipes and transforms; [] for other schemas. */
export function keysOf(schema: z.ZodType): string[] {
  const seen = new Set<unknown>();
  let current: unknown = schema;
  while (current && !seen.has(current)) {
    seen.add(current);
    if (current instanceof z.ZodObject) return Object.keys(current.shape);
    const def = (current as { _zod?: { def?: { in?: unknown; innerType?: unknown; options?: unknown[] } } })
      ._zod?.def;
    if (def?.options?.[0] instanceof z.ZodObject) {
      return [...new Set(def.options.flatMap((option) => keysOf(option as z.ZodType)))];
    }
    current = def?.in ?? def?.innerType;
  }
  return [];
}
