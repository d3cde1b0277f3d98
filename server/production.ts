import fs from 'node:fs';

/*
 * Entry of the compiled server in the container image (bundled by scripts/image-stage.mjs).
 * Like Next.js's own standalone server.js, it hands Next the config resolved at build time, so next.config.js and
 * its build-time plugins need not ship in the image.
 * dist/server.mjs imports server/preload.mts (dist/preload.mjs) before anything else: see scripts/build-server.mjs.
 */
const requiredServerFiles = JSON.parse(fs.readFileSync('.next/required-server-files.json', 'utf8')) as {
  config: unknown;
};
process.env.__NEXT_PRIVATE_STANDALONE_CONFIG ??= JSON.stringify(requiredServerFiles.config);

await import('./index');
