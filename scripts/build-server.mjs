// Compiles the custom server (server/production.ts → server/index.ts) into dist/server.mjs with esbuild: `@/` paths
// resolved from tsconfig.json, packages left to node_modules. `npm start`, the tests, the benchmarks and the container
// image all run this file, not the TypeScript through tsx: tsx's loader, esbuild service and source-map cache cost
// ~130 MB of RSS at runtime (bench/results.md, footprint).
// Usage: node scripts/build-server.mjs   (after `next build`: the entry reads .next/required-server-files.json)
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(import.meta.dirname, '..');
export const SERVER_FILE = path.join(root, 'dist/server.mjs');

export const PRELOAD_FILE = path.join(root, 'dist/preload.mjs');

export async function buildServer() {
  const common = {
    absWorkingDir: root,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning',
  };
  // server/preload.mts must run before any package loads: a file of its own, imported on the bundle's first line.
  // ESM evaluates a module's imports in the order they are written, and esbuild writes each bundled module's
  // imports where that module's code goes (dockerode's long before the entry's own), hence the banner.
  await build({ ...common, entryPoints: ['server/preload.mts'], outfile: PRELOAD_FILE });
  await build({
    ...common,
    entryPoints: ['server/production.ts'],
    outfile: SERVER_FILE,
    banner: { js: "import './preload.mjs';" },
  });
  for (const file of [PRELOAD_FILE, SERVER_FILE]) assertOneByte(file);
  return SERVER_FILE;
}

/**
 * V8 keeps a module's source text in memory (it compiles functions lazily from it), two bytes per character as
 * soon as one character lies above U+00FF: one `→` in a comment doubled the server bundle's 0.4 MB. esbuild
 * escapes such characters in strings, but not in comments or regular expressions: write them as `\u` escapes.
 */
function assertOneByte(file) {
  const lines = readFileSync(file, 'utf8').split('\n');
  const at = lines.findIndex((line) => /[\u0100-\uffff]/.test(line));
  if (at >= 0) {
    throw new Error(
      `${path.relative(root, file)}:${at + 1}: a character above U+00FF (write it as a \\u escape): ${lines[at].trim().slice(0, 120)}`,
    );
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await buildServer();
