import Docker from 'dockerode';

/** Test-side view of the engine: checks what Berth did, and cleans up only what tests labelled. */
export const engine = new Docker();
export const TEST_IMAGE = process.env.BERTH_TEST_IMAGE ?? 'berth-test/busybox:latest';
export const TEST_LABEL = 'berth.test=1';

export function uniqueName(prefix: string): string {
  return `berth-test-${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
}

export async function removeTestContainers(): Promise<void> {
  const list = await engine.listContainers({ all: true, filters: JSON.stringify({ label: [TEST_LABEL] }) });
  await Promise.allSettled(list.map((c) => engine.getContainer(c.Id).remove({ force: true, v: true })));
}

export async function countTestContainers(): Promise<number> {
  return (await engine.listContainers({ all: true, filters: JSON.stringify({ label: [TEST_LABEL] }) }))
    .length;
}

/** A free TCP port on 127.0.0.1, for publishing test containers on loopback only. */
export async function freePort(): Promise<number> {
  const net = await import('node:net');
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

export async function waitFor<T>(
  probe: () => Promise<T | undefined | false>,
  timeoutMs = 10_000,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < until) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting${last ? `: ${String(last)}` : ''}`);
}
