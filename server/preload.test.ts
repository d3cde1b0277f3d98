import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { deferFunctionModule } from '@/server/preload.mjs';

/** A CommonJS module whose export is a function and whose loading is visible (it counts its loads). */
function fixture() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-preload-'));
  const file = path.join(dir, 'heavy.cjs');
  const key = `__berthHeavyLoads_${path.basename(dir)}`;
  fs.writeFileSync(
    file,
    `globalThis[${JSON.stringify(key)}] = (globalThis[${JSON.stringify(key)}] ?? 0) + 1;\nmodule.exports = function heavy(a, b) { return [this && this.tag, a + b]; };\n`,
  );
  const from = createRequire(path.join(dir, 'index.cjs'));
  const loads = () => (globalThis as Record<string, unknown>)[key] ?? 0;
  return { dir, file, from, loads };
}

describe('deferFunctionModule', () => {
  it('loads the module at its first call, not at require, and passes calls and `this` through', () => {
    const { dir, from, loads } = fixture();
    try {
      expect(deferFunctionModule('./heavy.cjs', from)).toBe(true);
      const heavy = from('./heavy.cjs') as (this: unknown, a: number, b: number) => unknown[];
      expect(loads()).toBe(0);
      expect(heavy.call({ tag: 't' }, 2, 3)).toEqual(['t', 5]);
      expect(loads()).toBe(1);
      expect(heavy(1, 1)).toEqual([undefined, 2]);
      expect(loads()).toBe(1);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('changes nothing for a module already loaded or not found', () => {
    const { dir, from, loads } = fixture();
    try {
      from('./heavy.cjs');
      expect(loads()).toBe(1);
      expect(deferFunctionModule('./heavy.cjs', from)).toBe(false);
      expect(deferFunctionModule('./missing.cjs', from)).toBe(false);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("keeps dockerode's BuildKit session helper (and gRPC) and docker-modem's SSH agent (and ssh2) unloaded until used", () => {
    const from = createRequire(path.join(process.cwd(), 'package.json'));
    const loaded = (dir: string) =>
      Object.keys(from.cache).filter((k) => k.includes(`${path.sep}${dir}${path.sep}`));
    const session = from('dockerode/lib/session.js') as { name: string };
    const sshAgent = from('docker-modem/lib/ssh.js') as { name: string };
    const Docker = from('dockerode') as new (options: object) => unknown;
    new Docker({ socketPath: '/nonexistent.sock' });
    // This file's import of server/preload.mts put the stand-ins in place (each test file has its own process).
    expect(session.name).toBe('deferred');
    expect(sshAgent.name).toBe('deferred');
    expect(loaded('@grpc')).toEqual([]);
    expect(loaded('ssh2')).toEqual([]);
  });
});

describe('heap growth', () => {
  /**
   * The largest committed heap of a process holding ~30 MB live while it churns objects that outlive a few
   * scavenges (as a request in flight does), with or without this file loaded first.
   */
  function churnPeak(withPreload: boolean): number {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-heap-'));
    const file = path.join(dir, 'churn.mjs');
    fs.writeFileSync(
      file,
      `import v8 from 'node:v8';
if (process.env.PRELOAD) await import(process.env.PRELOAD);
const live = Array.from({ length: 100 }, () => Array.from({ length: 10000 }, (_, i) => ({ i })));
const ring = new Array(1000);
let peak = 0;
const t0 = Date.now();
for (let n = 0; Date.now() - t0 < 1500; n++) {
  ring[n % ring.length] = Array.from({ length: 200 }, (_, i) => ({ n, i }));
  if (n % 50 === 0) peak = Math.max(peak, v8.getHeapStatistics().total_heap_size);
}
console.log(JSON.stringify({ peak, live: live.length }));
`,
    );
    try {
      const out = execFileSync(process.execPath, ['--import', 'tsx', file], {
        cwd: process.cwd(),
        env: { ...process.env, PRELOAD: withPreload ? path.join(process.cwd(), 'server/preload.mts') : '' },
        encoding: 'utf8',
      });
      return (JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as { peak: number }).peak;
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }

  it('keeps the heap near what is live while the server allocates fast (V8 alone lets it grow ~4 times)', () => {
    const without = churnPeak(false);
    const withPreload = churnPeak(true);
    // Measured: 276 MB without, 137 MB with.
    expect(withPreload).toBeLessThan(without * 0.7);
  }, 30_000);
});
