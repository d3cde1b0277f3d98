import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseComposeVersion } from '@/server/compose/binary';
import { cleanLine, composeEnv, composeProcesses, runCompose } from '@/server/compose/runner';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-runner-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A stand-in binary: prints its arguments and environment, or sleeps until signalled. */
function fakeCompose(body: string): string {
  const file = path.join(dir, `fake-${Math.random().toString(36).slice(2)}`);
  fs.writeFileSync(file, `#!/bin/sh\n${body}\n`, { mode: 0o755 });
  return file;
}

describe('the Compose runner', () => {
  it('passes arguments as an array (no shell), in the stack folder, with only the environment Compose needs', async () => {
    process.env.BERTH_SECRET_KEY_TEST = 'leak';
    const bin = fakeCompose(
      'for a in "$@"; do echo "arg:$a"; done; pwd; env | sort; echo "oops" >&2; exit 3',
    );
    const outcome = await runCompose({
      binary: bin,
      args: ['-p', 'x', 'up', '$(touch /tmp/pwned); ;'],
      cwd: dir,
      timeoutMs: 5_000,
    });
    expect(outcome.exitCode).toBe(3);
    expect(outcome.lines).toContain('arg:$(touch /tmp/pwned); ;');
    expect(outcome.lines.slice(0, 3)).toEqual(['arg:--ansi', 'arg:never', 'arg:-p']);
    expect(outcome.lines).toContain(fs.realpathSync(dir));
    expect(outcome.lines.some((l) => l.startsWith('DOCKER_HOST='))).toBe(true);
    expect(outcome.lines.some((l) => l.includes('BERTH_SECRET_KEY_TEST'))).toBe(false);
    expect(outcome.lines.at(-1)).toBe('oops');
  });

  it('cancels with SIGINT and forgets the process', async () => {
    const bin = fakeCompose(
      'trap "echo interrupted; exit 130" INT; echo started; while true; do sleep 0.1; done',
    );
    const abort = new AbortController();
    const run = runCompose({
      binary: bin,
      args: [],
      cwd: dir,
      timeoutMs: 10_000,
      signal: abort.signal,
      onLines: (lines) => {
        if (lines.includes('started')) abort.abort();
      },
    });
    const outcome = await run;
    expect(outcome.cancelled).toBe(true);
    expect(outcome.lines).toContain('interrupted');
    expect(composeProcesses().size).toBe(0);
  });

  it('stops a run at its deadline, with what it started', async () => {
    const bin = fakeCompose('sleep 30');
    const started = Date.now();
    const outcome = await runCompose({ binary: bin, args: [], cwd: dir, timeoutMs: 200 });
    expect(outcome.timedOut).toBe(true);
    expect(outcome.exitCode).not.toBe(0);
    expect(Date.now() - started).toBeLessThan(4_000);
  });

  it('reports a binary that cannot start', async () => {
    const outcome = await runCompose({
      binary: path.join(dir, 'missing'),
      args: [],
      cwd: dir,
      timeoutMs: 1_000,
    });
    expect(outcome.spawnError).toMatch(/ENOENT/);
  });

  it('strips colours and keeps DOCKER_HOST to the engine given', () => {
    expect(cleanLine('\u001b[32m Container x  Started\u001b[0m  ')).toBe(' Container x  Started');
    expect(
      composeEnv(
        {
          PATH: '/bin',
          COMPOSE_FILE: 'x',
          DOCKER_HOST: 'tcp://evil',
          DOCKER_CERT_PATH: '/elsewhere',
        } as unknown as NodeJS.ProcessEnv,
        { DOCKER_HOST: 'unix:///s.sock' },
      ),
    ).toEqual({
      DOCKER_HOST: 'unix:///s.sock',
      PATH: '/bin',
    });
  });

  it('reads the version of Compose v2', () => {
    expect(parseComposeVersion('{"version":"2.26.1-4"}')).toBe('2.26.1-4');
    expect(parseComposeVersion('{"version":"v2.30.0"}')).toBe('2.30.0');
    expect(parseComposeVersion('docker-compose version 1.29.2, build 5becea4c')).toBe('1.29.2');
  });
});
