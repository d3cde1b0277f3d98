import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import tar from 'tar-stream';
import {
  applyBuildMessage,
  type BuildRequestParsed,
  type BuildResult,
  buildResult,
  emptyBuildState,
} from '@/lib/images/build';
import type { EngineProgressMessage } from '@/lib/images/progress';
import { contextValue } from '@/server/context';
import { buildStream } from '@/server/docker/images';
import { readJsonLines } from '@/server/docker/json-lines';
import { HttpError, toHttpError } from '@/server/http/errors';

/** An uploaded context waits this long for the build that uses it. */
const CONTEXT_TTL_MS = 30 * 60 * 1000;
const MAX_CONTEXT_BYTES = 4 * 1024 * 1024 * 1024;

export interface StoredContext {
  file: string;
  userId: number;
  timer: NodeJS.Timeout;
}

/** Shared by the upload route and the socket handler that starts the build. */
function contexts(): Map<string, StoredContext> {
  return contextValue('buildContexts', () => new Map());
}

function forget(id: string): void {
  const ctx = contexts().get(id);
  if (!ctx) return;
  contexts().delete(id);
  clearTimeout(ctx.timer);
  fs.rm(ctx.file, { force: true }, () => {});
}

/** Streams an uploaded context tar to a temporary file (never into memory); the build reads it from there. */
export async function storeContext(
  body: Readable,
  userId: number,
): Promise<{ contextId: string; size: number }> {
  const id = randomUUID();
  const file = path.join(os.tmpdir(), `berth-build-${id}.tar`);
  let size = 0;
  body.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size > MAX_CONTEXT_BYTES)
      body.destroy(
        new HttpError(413 as number, 'payload_too_large', 'The build context is larger than 4 GB'),
      );
  });
  try {
    await pipeline(body, fs.createWriteStream(file, { mode: 0o600 }));
  } catch (err) {
    fs.rm(file, { force: true }, () => {});
    throw err;
  }
  if (size === 0) {
    fs.rm(file, { force: true }, () => {});
    throw new HttpError(400, 'bad_request', 'The build context is empty');
  }
  const timer = setTimeout(() => forget(id), CONTEXT_TTL_MS);
  timer.unref();
  contexts().set(id, { file, userId, timer });
  return { contextId: id, size };
}

/** Throws 404 unless the context exists and was uploaded by this user. */
export function checkContext(id: string, userId: number): string {
  const stored = contexts().get(id);
  if (!stored || stored.userId !== userId)
    throw new HttpError(
      404,
      'not_found',
      'That uploaded context is gone (it expires after 30 minutes): upload it again',
    );
  return stored.file;
}

function dockerfileTar(dockerfile: string): Readable {
  const pack = tar.pack();
  pack.entry({ name: 'Dockerfile', mode: 0o644 }, dockerfile);
  pack.finalize();
  return pack as unknown as Readable;
}

export interface BuildCallbacks {
  lines: (lines: string[]) => void;
}

/**
 * Runs one build (the legacy builder of `POST /build`, which every engine has) and resolves with where it
 * failed, if it did. The caller owns `signal`: aborting it ends the engine request, and the build with it.
 */
export async function runBuild(
  req: BuildRequestParsed,
  userId: number,
  on: BuildCallbacks,
  signal: AbortSignal,
): Promise<BuildResult> {
  let context: Readable;
  if (req.contextId) {
    context = fs.createReadStream(checkContext(req.contextId, userId));
  } else {
    context = dockerfileTar(req.dockerfile ?? '');
  }
  const buildargs = Object.fromEntries(
    req.buildArgs.map((a) => {
      const eq = a.indexOf('=');
      return [a.slice(0, eq), a.slice(eq + 1)];
    }),
  );
  const state = emptyBuildState();
  try {
    const stream = await buildStream(
      context,
      {
        tags: req.tags,
        buildArgs: buildargs,
        target: req.target,
        dockerfile: req.contextId ? req.dockerfilePath : undefined,
        noCache: req.noCache,
        pull: req.pull,
      },
      signal,
    );
    await new Promise<void>((resolve, reject) => {
      readJsonLines(stream, (value) => {
        const lines = applyBuildMessage(state, value as EngineProgressMessage);
        if (lines.length) on.lines(lines);
      }).then(resolve, reject);
      signal.addEventListener('abort', () => reject(new Error('cancelled')));
    });
  } catch (err) {
    if (signal.aborted)
      return { ok: false, imageId: null, error: 'Build cancelled', failedStep: null, cancelled: true };
    state.error = toHttpError(err).message;
  } finally {
    if (req.contextId) forget(req.contextId);
  }
  return buildResult(state, req.dockerfile);
}
