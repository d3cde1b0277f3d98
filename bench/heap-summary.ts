import { readFileSync } from 'node:fs';

/**
 * Where the server's V8 heap goes, from a heap snapshot (`--heapsnapshot-signal`): self size by node type, the
 * largest strings (module source text is kept as strings: V8 compiles lazily from it), and how much of that is the
 * same text loaded more than once (Turbopack gives each route bundle its own copy of shared modules).
 */
export interface HeapSummary {
  totalBytes: number;
  byType: { type: string; bytes: number }[];
  /** Strings of at least 5 kB: nearly all module source text. */
  sourceBytes: number;
  /** Bytes of such strings that repeat one already counted (same first 200 characters). */
  duplicateBytes: number;
  largest: { bytes: number; copies: number; head: string }[];
  /** Off-heap buffers V8 tracks (WebAssembly memories, ArrayBuffers): reserved, not necessarily resident. */
  largestNative: { bytes: number; name: string }[];
}

interface Snapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] } };
  nodes: number[];
  strings: string[];
}

export function summarizeHeap(file: string): HeapSummary {
  const snap = JSON.parse(readFileSync(file, 'utf8')) as Snapshot;
  const fields = snap.snapshot.meta.node_fields;
  const width = fields.length;
  const types = snap.snapshot.meta.node_types[0];
  const typeAt = fields.indexOf('type');
  const nameAt = fields.indexOf('name');
  const sizeAt = fields.indexOf('self_size');
  const byType = new Map<string, number>();
  const big = new Map<string, { bytes: number; copies: number }>();
  const natives: { bytes: number; name: string }[] = [];
  let total = 0;
  for (let i = 0; i < snap.nodes.length; i += width) {
    const type = types[snap.nodes[i + typeAt] ?? 0] ?? '?';
    const size = snap.nodes[i + sizeAt] ?? 0;
    total += size;
    const kind = type === 'concatenated string' || type === 'sliced string' ? 'string' : type;
    byType.set(kind, (byType.get(kind) ?? 0) + size);
    const name = snap.strings[snap.nodes[i + nameAt] ?? 0] ?? '';
    if (type === 'string' && size >= 5000) {
      const head = name.slice(0, 200);
      const e = big.get(head) ?? { bytes: 0, copies: 0 };
      e.bytes += size;
      e.copies++;
      big.set(head, e);
    }
    if (type === 'native' && size >= 1 << 20) natives.push({ bytes: size, name });
  }
  let sourceBytes = 0;
  let duplicateBytes = 0;
  for (const e of big.values()) {
    sourceBytes += e.bytes;
    duplicateBytes += (e.bytes * (e.copies - 1)) / e.copies;
  }
  return {
    totalBytes: total,
    byType: [...byType].map(([type, bytes]) => ({ type, bytes })).sort((a, b) => b.bytes - a.bytes),
    sourceBytes,
    duplicateBytes,
    largest: [...big]
      .map(([head, e]) => ({ ...e, head: head.replace(/\s+/g, ' ').slice(0, 90) }))
      .sort((a, b) => b.bytes - a.bytes)
      .slice(0, 10),
    largestNative: natives.sort((a, b) => b.bytes - a.bytes).slice(0, 3),
  };
}
