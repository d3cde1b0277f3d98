import { describe, expect, it } from 'vitest';
import { bytesStream } from '@/server/docker/containers';

async function chunksOf(stream: ReadableStream<Uint8Array>): Promise<Uint8Array[]> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of stream as unknown as AsyncIterable<Uint8Array>) chunks.push(chunk);
  return chunks;
}

describe('bytesStream', () => {
  it('sends kept bytes as a few views of the same memory, not copies', async () => {
    const body = new Uint8Array(10 * 2 ** 20).map((_, i) => i % 251);
    const chunks = await chunksOf(bytesStream(body));
    // 10 MB in views of up to 4 MB: three rounds of the response pipe, not 160 of 64 kB.
    expect(chunks.map((c) => c.length)).toEqual([4 * 2 ** 20, 4 * 2 ** 20, 2 * 2 ** 20]);
    for (const c of chunks) expect(c.buffer).toBe(body.buffer);
    expect(Buffer.concat(chunks).equals(Buffer.from(body))).toBe(true);
  });

  it('ends at once for an empty body, and a body shorter than a view is one chunk', async () => {
    expect(await chunksOf(bytesStream(new Uint8Array(0)))).toEqual([]);
    const small = new TextEncoder().encode('[]');
    const [only, ...rest] = await chunksOf(bytesStream(small));
    expect(rest).toEqual([]);
    expect(new TextDecoder().decode(only)).toBe('[]');
  });
});
