import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunCommandResult } from '@/lib/api/containers';
import type { AuditEntry } from '@/lib/audit/types';
import { api, type ErrorEnvelope, userSession } from '../support/api';
import { DOCKER_RUN_CORPUS } from '../support/docker-run-corpus';
import { engine, TEST_IMAGE, waitFor } from '../support/engine';
import {
  asCreate,
  comparable,
  createOracleFixtures,
  differences,
  inspect,
  ORACLE_LABEL,
  removeOracleContainer,
  removeOracleFixtures,
  runInShell,
} from '../support/oracle';

/**
 * The real docker CLI is the oracle (issue 15): each corpus line, made by the Debian docker client and by
 * `POST /api/containers/run`, must give the same `docker inspect` Config, HostConfig and network endpoint
 * (normalised only where two identical creations differ: e2e/support/oracle.ts). The command Berth shows
 * for what it made must, run through the CLI, make the same container again. Everything is only created.
 */

const RUN = Date.now().toString(36);
const nameFor = (index: number, side: string) => `oracle-${RUN}-${index}-${side}`;

async function run(command: string, as?: { cookie: string }) {
  return api<RunCommandResult & ErrorEnvelope>('/api/containers/run', {
    method: 'POST',
    json: { command },
    ...(as ? { as } : {}),
  });
}

async function exists(name: string): Promise<boolean> {
  return engine
    .getContainer(name)
    .inspect()
    .then(
      () => true,
      () => false,
    );
}

beforeAll(createOracleFixtures);
afterAll(removeOracleFixtures);

describe('docker run lines: the real CLI and Berth make the same container', () => {
  it('has a corpus of at least 60 lines', () => {
    expect(DOCKER_RUN_CORPUS.length).toBeGreaterThanOrEqual(60);
  });

  it.each(DOCKER_RUN_CORPUS.map((entry, index) => [index, entry.line, entry] as const))(
    '#%i %s',
    async (index, _line, entry) => {
      const cliLine = asCreate(entry, nameFor(index, 'cli'));
      const cli = await runInShell(cliLine);
      expect(cli.code, `${cliLine}\n${cli.stderr}`).toBe(0);

      const made = await run(asCreate(entry, nameFor(index, 'berth')));
      expect(made.status, JSON.stringify(made.body)).toBe(201);
      expect(made.body).toMatchObject({ name: nameFor(index, 'berth'), started: false });

      const berth = comparable(await inspect(made.body.id));
      expect(differences(comparable(await inspect(nameFor(index, 'cli'))), berth)).toEqual([]);

      // The round trip: what Berth shows for the container, run through the CLI, makes it again.
      const shown = made.body.command;
      expect(shown).toContain(`--name ${nameFor(index, 'berth')} `);
      const again = shown.replace(`--name ${nameFor(index, 'berth')} `, `--name ${nameFor(index, 'shown')} `);
      const replay = await runInShell(again);
      expect(replay.code, `${again}\n${replay.stderr}`).toBe(0);
      expect(differences(berth, comparable(await inspect(nameFor(index, 'shown'))))).toEqual([]);

      for (const side of ['cli', 'berth', 'shown']) await removeOracleContainer(nameFor(index, side));
    },
    60_000,
  );
});

describe('POST /api/containers/run', () => {
  it('creates and starts for docker run, as the CLI does, and records the command in the audit log', async () => {
    const name = `oracle-${RUN}-started`;
    const command = `docker run -d --name ${name} --label ${ORACLE_LABEL} --init --ulimit nofile=1024 ${TEST_IMAGE} sleep 300`;
    const res = await run(command);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ name, started: true, warnings: [] });
    await waitFor(
      async () => ((await inspect(name)) as unknown as { State: { Running: boolean } }).State.Running,
    );
    const audit = await api<AuditEntry[]>(`/api/audit?action=container.run&target=${name}`);
    expect(audit.status).toBe(200);
    expect(audit.body[0]).toMatchObject({ action: 'container.run', result: 'ok', command });
  });

  it.each([
    ['--gpus all', '--gpus'],
    ['--env-file ./app.env', '--env-file'],
    ['--label-file labels.txt', '--label-file'],
    ['-e SECRET_FROM_MY_SHELL', '-e'],
    ['--frobnicate', '--frobnicate'],
    ['-e HOME_DIR=$HOME', `\${HOME}`],
    ['--ulimit nofiles=12', '--ulimit'],
    ['--security-opt seccomp=./profile.json', '--security-opt'],
    ['--pull always', '--pull'],
    ['--health-start-interval 5s', '--health-start-interval'],
  ])('refuses %s with a 400 naming %s, and creates nothing', async (options, flag) => {
    const name = `oracle-${RUN}-refused`;
    const res = await run(`docker create --name ${name} --label ${ORACLE_LABEL} ${options} ${TEST_IMAGE}`);
    expect(res.status, JSON.stringify(res.body)).toBe(400);
    expect(res.body.error.message).toContain(flag);
    expect(res.body.error.fields?.map((field) => field.path)).toContain(flag);
    expect(await exists(name)).toBe(false);
  });

  it('explains a command substitution instead of running it', async () => {
    const res = await run(`docker create --name $(touch /tmp/berth-oracle-pwned) ${TEST_IMAGE}`);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/^\$\(…\) runs a command in your shell, which Berth does not do/);
  });

  it('refuses what is not a docker run command, and an empty body', async () => {
    expect((await run('docker ps -a')).status).toBe(400);
    expect((await run('docker run -d nginx && rm -rf /')).status).toBe(400);
    const empty = await api<ErrorEnvelope>('/api/containers/run', { method: 'POST', json: {} });
    expect(empty.status).toBe(400);
  });

  it('puts the command through the security policy for an operator: 403, nothing created', async () => {
    const operator = await userSession('operator', `oracle-operator-${RUN}`);
    const name = `oracle-${RUN}-privileged`;
    const res = await run(
      `docker create --privileged --name ${name} --label ${ORACLE_LABEL} ${TEST_IMAGE}`,
      operator,
    );
    expect(res.status, JSON.stringify(res.body)).toBe(403);
    expect(res.body.error.code).toBe('policy');
    expect(await exists(name)).toBe(false);
    // The same operator may create what the policy allows.
    const allowed = await run(`docker create --name ${name} --label ${ORACLE_LABEL} ${TEST_IMAGE}`, operator);
    expect(allowed.status, JSON.stringify(allowed.body)).toBe(201);
  });

  it('refuses a viewer', async () => {
    const viewer = await userSession('viewer', `oracle-viewer-${RUN}`);
    const res = await run(`docker create --label ${ORACLE_LABEL} ${TEST_IMAGE}`, viewer);
    expect(res.status).toBe(403);
  });
});
