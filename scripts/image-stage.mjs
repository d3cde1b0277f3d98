// Stages what the container image runs, from a tree where `next build` has run:
//   <out>/server.mjs      the custom server (server/production.ts → server/index.ts) bundled by esbuild (dist/)
//   <out>/preload.mjs     what server.mjs imports first (server/preload.mts)
//   <out>/.next           the Next.js build without its cache, traces and server source maps
//   <out>/public          static files (the favicon)
//   <out>/node_modules    only the files the server and the built routes load, found by tracing (as Next.js's own
//                         standalone output does; `output: 'standalone'` cannot serve a custom server)
// Usage: node scripts/image-stage.mjs <out>   (the Dockerfile's build stage and scripts/image-test.sh both call it)
import fs from 'node:fs';
import path from 'node:path';
import { nodeFileTrace } from '@vercel/nft';
import { buildServer, PRELOAD_FILE } from './build-server.mjs';

const root = path.resolve(import.meta.dirname, '..');
const out = path.resolve(process.argv[2] ?? '');
if (!process.argv[2]) {
  console.error('usage: node scripts/image-stage.mjs <output dir>');
  process.exit(2);
}
if (!fs.existsSync(path.join(root, '.next/BUILD_ID'))) {
  console.error('[stage] no .next/BUILD_ID: run `npx next build` first');
  process.exit(1);
}
if (out === root || root.startsWith(`${out}${path.sep}`)) {
  console.error(`[stage] refusing to stage into ${out}`);
  process.exit(2);
}

// Never shipped: what only `next dev`, `next build` or Next's test mode load (the same list Next.js leaves out of its
// standalone server trace), type declarations, source maps, and sharp (Berth does not use next/image).
const IGNORE = [
  /(^|\/)node_modules\/next\/dist\/compiled\/next-server\/.*\.dev\.js$/,
  /(^|\/)node_modules\/next\/dist\/compiled\/webpack\/[^/]+$/,
  /(^|\/)node_modules\/webpack5\//,
  /(^|\/)node_modules\/next\/dist\/server\/lib\/route-resolver/,
  /(^|\/)node_modules\/next\/dist\/lib\/upgrade\//,
  /(^|\/)node_modules\/next\/dist\/compiled\/@mswjs\/interceptors\/ClientRequest\/(LICENSE|llhttp\/)/,
  /(^|\/)node_modules\/next\/dist\/pages\//,
  /(^|\/)node_modules\/react(-dom)?\/.*\.development\.js$/,
  /(^|\/)node_modules\/(sharp|@img)\//,
  /\.d\.ts$/,
  /\.map$/,
];
const ignored = (file) => IGNORE.some((re) => re.test(file));

const started = Date.now();
fs.rmSync(out, { recursive: true, force: true });
fs.mkdirSync(out, { recursive: true });

// 1. The custom server, without tsx (scripts/build-server.mjs). Bundled inside the repository so that tracing resolves
// its packages from the repository's node_modules.
const serverFile = await buildServer();

// 2. The Next.js build: what `next start` reads.
const NEXT_SKIP = new Set(['cache', 'trace', 'trace-build', 'types', 'diagnostics', 'turbopack']);
fs.cpSync(path.join(root, '.next'), path.join(out, '.next'), {
  recursive: true,
  verbatimSymlinks: true,
  filter: (src) => {
    const rel = path.relative(path.join(root, '.next'), src);
    if (rel === '') return true;
    if (NEXT_SKIP.has(rel.split(path.sep)[0])) return false;
    return !rel.endsWith('.nft.json') && !rel.endsWith('.map');
  },
});
fs.copyFileSync(path.join(root, 'package.json'), path.join(out, 'package.json'));
// public/ (the favicon): served by Next.js from the working directory.
if (fs.existsSync(path.join(root, 'public')))
  fs.cpSync(path.join(root, 'public'), path.join(out, 'public'), { recursive: true });

// 3. node_modules: the server bundle traced here, plus Next's own per-route and server traces (*.nft.json).
const files = new Set();
const traced = await nodeFileTrace([serverFile], {
  base: root,
  processCwd: root,
  ignore: (file) => ignored(file),
});
for (const file of traced.fileList) files.add(file);
fs.copyFileSync(serverFile, path.join(out, 'server.mjs'));
// Imported by server.mjs on its first line (server/preload.mts).
fs.copyFileSync(PRELOAD_FILE, path.join(out, 'preload.mjs'));
const collectNextTraces = (dir) => {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory() && entry.name !== 'cache') collectNextTraces(p);
    else if (entry.name.endsWith('.nft.json')) {
      for (const f of JSON.parse(fs.readFileSync(p, 'utf8')).files) {
        files.add(path.relative(root, path.join(path.dirname(p), f)));
      }
    }
  }
};
collectNextTraces(path.join(root, '.next'));

let copied = 0;
for (const rel of [...files].sort()) {
  if (!rel.startsWith(`node_modules${path.sep}`) || ignored(rel)) continue;
  const src = path.join(root, rel);
  const dest = path.join(out, rel);
  let stat;
  try {
    stat = fs.lstatSync(src);
  } catch {
    continue; // traced as a candidate path that does not exist
  }
  fs.mkdirSync(path.dirname(dest), { recursive: true });
  if (stat.isSymbolicLink()) {
    if (!fs.existsSync(dest)) fs.symlinkSync(fs.readlinkSync(src), dest);
  } else if (stat.isFile()) {
    fs.copyFileSync(src, dest);
    fs.chmodSync(dest, stat.mode & 0o755);
  } else continue;
  copied++;
}

const size = (dir) => {
  let total = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) total += size(p);
    else if (entry.isFile()) total += fs.statSync(p).size;
  }
  return total;
};
const mb = (bytes) => `${(bytes / 1048576).toFixed(1)} MB`;
console.log(
  `[stage] ${out}: server.mjs, .next ${mb(size(path.join(out, '.next')))}, node_modules ${mb(
    size(path.join(out, 'node_modules')),
  )} (${copied} files) in ${((Date.now() - started) / 1000).toFixed(1)} s`,
);
