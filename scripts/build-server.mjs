// Compiles the custom server (server/production.ts → server/index.ts) into dist/server.mjs with esbuild: `@/` paths
// resolved from tsconfig.json, packages left to node_modules. `npm start`, the tests, the benchmarks and the container
// image all run this file, not the TypeScript through tsx: tsx's loader, esbuild service and source-map cache cost
// ~130 MB of RSS at runtime (bench/results.md, footprint).
// Usage: node scripts/build-server.mjs   (after `next build`: the entry reads .next/required-server-files.json)
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(import.meta.dirname, '..');
export const SERVER_FILE = path.join(root, 'dist/server.mjs');

export async function buildServer() {
  await build({
    absWorkingDir: root,
    entryPoints: ['server/production.ts'],
    outfile: SERVER_FILE,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning',
  });
  return SERVER_FILE;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await buildServer();
