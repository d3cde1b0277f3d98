import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readJsonLines, splitJsonLines } from '@/server/docker/json-lines';

describe('engine JSON lines', () => {
  it('splits newline-delimited JSON across chunk boundaries', () => {
    const first = splitJsonLines('{"a":1}\n{"b":');
    expect(first.objects).toEqual([{ a: 1 }]);
    const second = splitJsonLines(`${first.rest}2}\n`);
    expect(second.objects).toEqual([{ b: 2 }]);
    expect(second.rest).toBe('');
  });

  it('keeps a character whole when a chunk ends in the middle of its bytes', async () => {
    const bytes = Buffer.from(`${JSON.stringify({ stream: 'Step 1/2 : RUN echo 中文\n' })}\n`, 'utf8');
    // 中 is three bytes: cut after the first of them.
    const cut = bytes.indexOf(Buffer.from('中', 'utf8')) + 1;
    const stream = new PassThrough();
    const values: unknown[] = [];
    const done = readJsonLines(stream, (v) => values.push(v));
    stream.write(bytes.subarray(0, cut));
    stream.end(bytes.subarray(cut));
    await done;
    expect(values).toEqual([{ stream: 'Step 1/2 : RUN echo 中文\n' }]);
  });

  it('reads a last line that has no newline, skips corrupt lines, and rejects when the stream fails', async () => {
    const stream = new PassThrough();
    const values: unknown[] = [];
    const done = readJsonLines(stream, (v) => values.push(v));
    stream.end('{"a":1}\nnot json\n{"b":2}');
    await done;
    expect(values).toEqual([{ a: 1 }, { b: 2 }]);

    const failing = new PassThrough();
    const failed = readJsonLines(failing, () => {});
    failing.destroy(new Error('socket hang up'));
    await expect(failed).rejects.toThrow('socket hang up');
  });
});
