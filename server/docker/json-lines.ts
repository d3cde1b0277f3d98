import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';

/** Splits newline-delimited JSON, keeping a partial last line for the next chunk. */
export function splitJsonLines(buffer: string): { objects: unknown[]; rest: string } {
  const lines = buffer.split('\n');
  const rest = lines.pop() ?? '';
  const objects: unknown[] = [];
  for (const line of lines) {
    const trimmed = line.trim();
    if (!trimmed) continue;
    try {
      objects.push(JSON.parse(trimmed));
    } catch {
      // a corrupt line is dropped; the next resync re-lists anyway
    }
  }
  return { objects, rest };
}

/**
 * Reads one of the engine's newline-delimited JSON streams (events, stats, pull, push and build progress),
 * handing each value to `onValue` as it arrives. Bytes are decoded as UTF-8 across chunks: a chunk can end in
 * the middle of a character (a build step printing 中文), which decoding each chunk on its own would garble.
 * Settles when the stream ends, after its last line, or rejects when it fails.
 */
export function readJsonLines(
  stream: NodeJS.ReadableStream,
  onValue: (value: unknown) => void,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const decoder = new StringDecoder('utf8');
    let rest = '';
    const take = (text: string) => {
      const split = splitJsonLines(rest + text);
      rest = split.rest;
      for (const value of split.objects) onValue(value);
    };
    stream.on('data', (chunk: Buffer | string) =>
      take(typeof chunk === 'string' ? chunk : decoder.write(chunk)),
    );
    stream.on('end', () => {
      take(`${decoder.end()}\n`);
      resolve();
    });
    stream.on('error', reject);
  });
}

/** A followed engine stream (events, stats): `done` settles when the engine ends it, `close` ends it here. */
export interface FollowedStream {
  done: Promise<void>;
  close(): void;
}

export function followJsonLines(stream: Readable, onValue: (value: unknown) => void): FollowedStream {
  return { done: readJsonLines(stream, onValue), close: () => stream.destroy() };
}
