import type { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { bodyLimit, declaredTooLarge, JSON_BODY_LIMIT, readJsonBody, uploadStream } from '@/server/http/body';

/** A request whose body arrives in chunks, without a declared length. */
function streamed(method: string, path: string, chunks: number, chunkSize: number): Request {
  let sent = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent++ >= chunks) controller.close();
      else controller.enqueue(new Uint8Array(chunkSize).fill(32));
    },
  });
  return new Request(`http://berth.test${path}`, { method, body, duplex: 'half' } as RequestInit);
}

describe('request body bounds', () => {
  it('gives uploads their own caps and everything else the JSON one', () => {
    expect(bodyLimit('POST', '/api/auth/login').maxBytes).toBe(JSON_BODY_LIMIT);
    expect(bodyLimit('PUT', '/api/containers/web/archive').maxBytes).toBeGreaterThan(JSON_BODY_LIMIT);
    expect(bodyLimit('POST', '/api/images/build/context').maxBytes).toBe(4 * 1024 ** 3);
    // The same path with another method is no upload.
    expect(bodyLimit('POST', '/api/containers/web/archive').maxBytes).toBe(JSON_BODY_LIMIT);
  });

  it('judges a declared Content-Length, and leaves a missing or odd one to the reading', () => {
    const limit = bodyLimit('POST', '/api/auth/login');
    expect(declaredTooLarge(String(JSON_BODY_LIMIT + 1), limit)).toBe(true);
    expect(declaredTooLarge(String(JSON_BODY_LIMIT), limit)).toBe(false);
    expect(declaredTooLarge(undefined, limit)).toBe(false);
    expect(declaredTooLarge('12, 12', limit)).toBe(false);
  });

  it('stops reading a JSON body past the cap with a 413, without reading the rest', async () => {
    let pulled = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        controller.enqueue(new Uint8Array(64 * 1024).fill(32));
      },
    });
    const req = new Request('http://berth.test/api/auth/login', {
      method: 'POST',
      body,
      duplex: 'half',
    } as RequestInit);
    await expect(readJsonBody(req)).rejects.toMatchObject({ status: 413, code: 'payload_too_large' });
    expect(pulled * 64 * 1024).toBeLessThan(JSON_BODY_LIMIT + 3 * 64 * 1024);
  });

  it('reads a JSON body under the cap, an empty one as {}, and refuses bad JSON with 400', async () => {
    const json = (text: string) => new Request('http://berth.test/api/x', { method: 'POST', body: text });
    await expect(readJsonBody(json('{"a":1}'))).resolves.toEqual({ a: 1 });
    await expect(readJsonBody(json('  '))).resolves.toEqual({});
    await expect(readJsonBody(json('{"a":'))).rejects.toMatchObject({ status: 400, code: 'invalid_json' });
  });

  it('passes an upload through as it streams and fails it with 413 past its cap', async () => {
    const small = uploadStream(streamed('PUT', '/api/containers/web/archive', 4, 1024));
    let total = 0;
    for await (const chunk of small as Readable) total += (chunk as Buffer).length;
    expect(total).toBe(4096);
    // A JSON-capped path read as an upload: fails past 1 MiB.
    const big = uploadStream(streamed('POST', '/api/auth/login', 40, 64 * 1024));
    await expect(
      (async () => {
        for await (const _ of big as Readable);
      })(),
    ).rejects.toMatchObject({ status: 413 });
  });
});
