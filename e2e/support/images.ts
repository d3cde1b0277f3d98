import { Readable } from 'node:stream';
import tar from 'tar-stream';
import { engine, TEST_IMAGE } from './engine';

/** The local test registries started by scripts/registry.sh (same defaults). */
export const REGISTRY = `127.0.0.1:${process.env.BERTH_REGISTRY_PORT ?? '5400'}`;
export const AUTH_REGISTRY = `127.0.0.1:${process.env.BERTH_REGISTRY_AUTH_PORT ?? '5401'}`;
export const REGISTRY_USER = process.env.BERTH_REGISTRY_USER ?? 'berth';
export const REGISTRY_PASSWORD = process.env.BERTH_REGISTRY_PASSWORD ?? 'berth-registry-pw-7';

export function uniqueTag(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
}

/** A tar holding the given files, in memory (test contexts are tiny). */
export async function tarOf(files: Record<string, string | Buffer>): Promise<Uint8Array<ArrayBuffer>> {
  const pack = tar.pack();
  for (const [name, body] of Object.entries(files)) pack.entry({ name }, body);
  pack.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of pack) chunks.push(chunk as Buffer);
  return new Uint8Array(Buffer.concat(chunks));
}

async function drain(stream: NodeJS.ReadableStream): Promise<string> {
  let out = '';
  for await (const chunk of stream) out += chunk.toString();
  if (/"error"/.test(out)) throw new Error(out);
  return out;
}

/**
 * An image of its own (a distinct id), built FROM the offline test image: a layer with unique content, and
 * `extraBytes` of random data when a test needs a pull to take visible time.
 */
export async function buildTestImage(
  reference: string,
  opts: { extraBytes?: number; labels?: Record<string, string> } = {},
) {
  const marker = `${reference}-${Math.random()}`;
  const dockerfile = [
    `FROM ${TEST_IMAGE}`,
    `RUN echo '${marker}' > /berth-marker`,
    ...(opts.extraBytes ? [`RUN head -c ${opts.extraBytes} /dev/urandom > /berth-random`] : []),
    `LABEL berth.test=1${Object.entries(opts.labels ?? {})
      .map(([k, v]) => ` ${k}=${v}`)
      .join('')}`,
  ].join('\n');
  const context = await tarOf({ Dockerfile: dockerfile });
  await drain(
    await engine.buildImage(Readable.from([Buffer.from(context)]), {
      t: reference,
      rm: true,
      forcerm: true,
    }),
  );
  return (await engine.getImage(reference).inspect()).Id;
}

export async function imageExists(ref: string): Promise<boolean> {
  try {
    await engine.getImage(ref).inspect();
    return true;
  } catch (err) {
    if ((err as { statusCode?: number }).statusCode === 404) return false;
    throw err;
  }
}

export async function removeImageQuietly(ref: string): Promise<void> {
  try {
    await engine.getImage(ref).remove({ force: true });
  } catch {
    // already gone
  }
}

/** Pushes with the engine directly (test setup), with credentials for the auth registry. */
export async function pushWithEngine(reference: string, auth?: { username: string; password: string }) {
  const [name, tag] = splitTag(reference);
  const host = name.split('/')[0] ?? '';
  const stream = await engine.getImage(name).push({
    tag,
    authconfig: { username: auth?.username ?? '', password: auth?.password ?? '', serveraddress: host },
  });
  await drain(stream);
}

function splitTag(reference: string): [string, string] {
  const colon = reference.lastIndexOf(':');
  if (colon > reference.lastIndexOf('/')) return [reference.slice(0, colon), reference.slice(colon + 1)];
  return [reference, 'latest'];
}
