import { createRequire, Module } from 'node:module';
import v8 from 'node:v8';

/*
 * Runs before any package of the compiled server is loaded (dist/server.mjs imports it first; esbuild keeps it a
 * file of its own, scripts/build-server.mjs), so it can change how a package loads its own parts.
 *
 * dockerode requires its BuildKit session helper (lib/session.js) at load, and with it @grpc/grpc-js and
 * @grpc/proto-loader: ~7 MB of RSS (5 MB of heap) for sessions Berth never opens (they serve `docker build`
 * with BuildKit, version "2"; Berth builds with the classic builder). The helper is replaced by a function that
 * loads the real one the first time it is called.
 *
 * ssh2 costs ~13 MB of RSS when it loads (its poly1305 WebAssembly module with a 16 MB memory, its ciphers and
 * key parsers), and only SSH environments use it. docker-modem requires it at load through lib/ssh.js, a
 * function: deferred the same way (server/environments/connection.ts loads ssh2 itself on the first SSH key).
 *
 * Only modules no ESM import names can be deferred here: Node's ESM loader puts a module entry for every
 * CommonJS package the bundle imports into the require cache while it links, before this file runs.
 */

const require = createRequire(import.meta.url);

/**
 * How far V8 lets the heap grow past what a full collection left live before the next one: 50 %. V8's own factor
 * goes up to 4 when the program allocates fast, and under 50 clients of the 10,000-container list the heap grew to
 * 206 MB committed for ~50 MB live (`--trace-gc`), the server's RSS 1.7 to 2.2 times its idle size (bench/results.md,
 * list:scale). At 50 % the same load peaked at 115 MB and 1.3 to 1.4 times, for ~15 % fewer lists per second (three
 * more full collections in 20 s). Read by V8 at each collection, so setting it here, before any package loads, is
 * enough.
 */
export const HEAP_GROWING_PERCENT = 50;
v8.setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);

/**
 * Puts a stand-in for the CommonJS module `request` (whose export is a function) into the require cache: a
 * function that loads the real module on its first call and hands every call to it. Returns false when the
 * module is already loaded or cannot be found (nothing is changed then).
 */
export function deferFunctionModule(request: string, from: NodeJS.Require = require): boolean {
  let file: string;
  try {
    file = from.resolve(request);
  } catch {
    return false;
  }
  if (from.cache[file]) return false;
  let real: ((...args: unknown[]) => unknown) | null = null;
  const load = () => {
    if (!real) {
      // The stand-in leaves the cache, so the next require of the file compiles the real module.
      delete from.cache[file];
      real = from(file) as (...args: unknown[]) => unknown;
    }
    return real;
  };
  const stand = new Module(file);
  stand.filename = file;
  stand.loaded = true;
  stand.exports = function deferred(this: unknown, ...args: unknown[]) {
    return load().apply(this, args);
  };
  from.cache[file] = stand;
  return true;
}

deferFunctionModule('dockerode/lib/session.js');
deferFunctionModule('docker-modem/lib/ssh.js');
