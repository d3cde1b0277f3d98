import { describe, expect, it } from 'vitest';
import {
  applyBuildMessage,
  buildRequestSchema,
  buildResult,
  dockerfileInstructions,
  emptyBuildState,
} from '@/lib/images/build';

const DOCKERFILE = `# syntax comment
FROM berth-test/busybox:latest

RUN echo one \\
    && echo two
# a comment between
RUN false
CMD ["sh"]
`;

describe('dockerfileInstructions', () => {
  it('folds continuations and skips comments and blank lines, keeping each first line', () => {
    expect(dockerfileInstructions(DOCKERFILE)).toEqual([
      { line: 2, text: 'FROM berth-test/busybox:latest' },
      { line: 4, text: 'RUN echo one && echo two' },
      { line: 7, text: 'RUN false' },
      { line: 8, text: 'CMD ["sh"]' },
    ]);
  });
});

describe('build output', () => {
  it('points a failed step at its line in the Dockerfile', () => {
    const state = emptyBuildState();
    const log = [
      { stream: 'Step 1/4 : FROM berth-test/busybox:latest\n' },
      { stream: ' ---> 9a663f86157c\n' },
      { stream: 'Step 2/4 : RUN echo one     && echo two\n' },
      { stream: 'Step 3/4 : RUN false\n' },
      {
        errorDetail: { code: 1, message: "The command '/bin/sh -c false' returned a non-zero code: 1" },
        error: 'x',
      },
    ].flatMap((m) => applyBuildMessage(state, m));
    expect(log).toContain('Step 3/4 : RUN false');
    expect(buildResult(state, DOCKERFILE)).toEqual({
      ok: false,
      imageId: null,
      error: "The command '/bin/sh -c false' returned a non-zero code: 1",
      failedStep: { number: 3, total: 4, instruction: 'RUN false', line: 7 },
    });
  });

  it('reads a parse error line when no step ran', () => {
    const state = emptyBuildState();
    applyBuildMessage(state, { error: 'dockerfile parse error line 3: unknown instruction: FOO' });
    expect(buildResult(state, 'FROM x\n\nFOO bar')).toMatchObject({ ok: false, failedStep: { line: 3 } });
  });

  it('reports the built image id on success', () => {
    const state = emptyBuildState();
    applyBuildMessage(state, { aux: { ID: 'sha256:abc' } });
    applyBuildMessage(state, { stream: 'Successfully built abc\nSuccessfully tagged a:1\n' });
    expect(buildResult(state)).toEqual({ ok: true, imageId: 'sha256:abc', error: null, failedStep: null });
  });
});

describe('buildRequestSchema', () => {
  it('wants a Dockerfile or a context, valid tags and KEY=value build args', () => {
    expect(buildRequestSchema.safeParse({ dockerfile: 'FROM x', tags: ['a:1'] }).success).toBe(true);
    const bad = buildRequestSchema.safeParse({ dockerfile: 'FROM x', tags: ['A:1'], buildArgs: ['=x'] });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues.map((i) => i.path.join('.')).sort()).toEqual(['buildArgs.0', 'tags.0']);
    expect(buildRequestSchema.safeParse({ tags: ['a'] }).error?.issues[0]?.path).toEqual(['dockerfile']);
  });
});
