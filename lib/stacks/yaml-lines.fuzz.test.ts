import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { composeProblem, lineOfPath, yamlProblems } from '@/lib/stacks/yaml-lines';
import { fuzzParams, nastyString } from '@/lib/testing/fuzz';

/** Compose-like texts: keys, indentation, lists, quotes, anchors and junk. */
const yamlText = fc
  .array(
    fc.oneof(
      fc.constantFrom(
        'services:',
        '  web:',
        '    image: x',
        '    ports:',
        '      - "80:80"',
        '  - a',
        '&a',
        '*a',
        '<<: *a',
        'x: [',
        '\t',
        '---',
        '"',
        'k: v: w',
      ),
      nastyString,
    ),
    { maxLength: 12 },
  )
  .map((lines) => lines.join('\n'));

/** Compose-like messages around real shapes, with junk spliced in. */
const message = fc.oneof(
  nastyString,
  fc
    .tuple(
      fc.constantFrom(
        'validating /tmp/x/compose.yaml: services.',
        'yaml: line ',
        'service "',
        "error decoding 'services[",
        'error while interpolating services.',
        'Invalid hostPort: ',
        'env file /a/b ',
        'dependency cycle detected: ',
        '(root) Additional property ',
      ),
      nastyString,
      fc.constantFrom(
        ' Additional property foo is not allowed',
        ' must be a mapping',
        '": invalid compose project',
        '',
      ),
    )
    .map((parts) => parts.join('')),
);

const lineCount = (text: string) => text.split(/\r?\n/).length;

describe('yaml-lines (fuzz)', () => {
  it('places any message on an existing line of the file it names, or on none, without throwing', () => {
    fc.assert(
      fc.property(message, yamlText, fc.option(yamlText, { nil: undefined }), (text, compose, override) => {
        const problem = composeProblem(text, { compose, override });
        expect(typeof problem.message).toBe('string');
        const source = problem.file === 'override' ? (override ?? '') : compose;
        if (problem.line !== null) {
          expect(problem.line).toBeGreaterThanOrEqual(1);
          expect(problem.line).toBeLessThanOrEqual(lineCount(source));
        }
      }),
      fuzzParams(800),
    );
  }, 30_000);

  it('reports problems and finds paths on existing lines of any text', () => {
    fc.assert(
      fc.property(yamlText, fc.array(fc.oneof(nastyString, fc.nat(5)), { maxLength: 4 }), (text, path) => {
        for (const problem of yamlProblems(text, 'compose'))
          if (problem.line !== null) expect(problem.line).toBeLessThanOrEqual(lineCount(text));
        const line = lineOfPath(text, path);
        if (line !== null) expect(line).toBeLessThanOrEqual(lineCount(text));
      }),
      fuzzParams(800),
    );
  }, 30_000);
});
