import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { login } from '../support/api';
import { type StartedServer, startServer } from '../support/server';

/*
 * `kill -9` while writes are in flight (issue 18): every write Berth acknowledged is there after a restart on the
 * same data directory. A server of this file's own, killed without a chance to close its database.
 */
const ADMIN = { user: 'admin', password: 'crash-test-owner-7' };
const servers: StartedServer[] = [];
let dataDir = '';

afterAll(async () => {
  for (const s of servers) await s.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

async function serverOn(dir: string): Promise<{ server: StartedServer; cookie: string }> {
  const server = await startServer({
    env: { BERTH_DATA_DIR: dir, BERTH_ADMIN_USER: ADMIN.user, BERTH_ADMIN_PASSWORD: ADMIN.password },
  });
  servers.push(server);
  const session = await login(ADMIN.user, ADMIN.password, server.url);
  if (!session.cookie) throw new Error(`login failed: ${session.status}`);
  return { server, cookie: session.cookie };
}

describe('kill -9 during writes', () => {
  it('loses no acknowledged write', async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'berth-crash-'));
    const { server, cookie } = await serverOn(dataDir);
    const acknowledged: string[] = [];
    let killed = false;
    const write = async (i: number) => {
      const username = `crash-${i}`;
      try {
        const res = await fetch(`${server.url}/api/users`, {
          method: 'POST',
          headers: { cookie, origin: server.url, 'content-type': 'application/json' },
          body: JSON.stringify({ username, password: `crash-user-pw-${i}-2026`, role: 'viewer' }),
        });
        if (res.status === 201) acknowledged.push(username);
      } catch {
        // cut off by the kill: not acknowledged
      }
    };
    // Eight writers at a time; the kill lands while they are busy.
    let next = 0;
    const writers = Array.from({ length: 8 }, async () => {
      while (!killed && next < 400) await write(next++);
    });
    while (acknowledged.length < 40) await new Promise((r) => setTimeout(r, 10));
    process.kill(server.pid, 'SIGKILL');
    killed = true;
    await Promise.all(writers);
    expect(acknowledged.length).toBeGreaterThanOrEqual(40);

    const restarted = await serverOn(dataDir);
    const res = await fetch(`${restarted.server.url}/api/users`, { headers: { cookie: restarted.cookie } });
    expect(res.status).toBe(200);
    const users = (await res.json()) as { username: string }[];
    const present = new Set(users.map((u) => u.username));
    const lost = acknowledged.filter((name) => !present.has(name));
    expect(lost).toEqual([]);
  }, 120_000);
});
