import { type ExecFileException, execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type CorpusLine, ORACLE_NETWORK, ORACLE_PEER, ORACLE_SUBNET } from './docker-run-corpus';
import { engine, TEST_IMAGE } from './engine';

/**
 * The `docker run` oracle (issue 15): a command line run through the real docker CLI (the Debian docker.io
 * client, the engine's own version) and through Berth must give containers whose `docker inspect` agree.
 */

/** The Debian client, which speaks the engine's API version (the newer /usr/local one sends other defaults). */
export const DOCKER_CLI = '/usr/bin/docker';
export const ORACLE_LABEL = 'berth.test.oracle=1';

/** An empty home and config directory for the CLI: no credentials or proxies of whoever runs the tests. */
const CLI_HOME = mkdtempSync(path.join(tmpdir(), 'berth-oracle-cli-'));

/** Runs `line` in bash, as a user's shell would, with `docker` being the Debian client. */
export function runInShell(line: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      '/bin/bash',
      ['-c', line],
      {
        // Nothing from the caller's environment (no DOCKER_HOST, no proxy settings): the CLI's defaults.
        env: {
          PATH: '/usr/bin:/bin',
          HOME: CLI_HOME,
          DOCKER_CONFIG: CLI_HOME,
        } as unknown as NodeJS.ProcessEnv,
        timeout: 30_000,
        maxBuffer: 1024 * 1024,
      },
      (err: ExecFileException | null, stdout: string, stderr: string) => {
        const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
        resolve({ code, stdout: String(stdout), stderr: String(stderr) });
      },
    );
  });
}

/**
 * The corpus line as `docker create` on the test image, named `name` and labelled for clean-up:
 * `docker run`/`docker container run` become `docker create` (the oracle only creates: privileged containers
 * cannot start here, and nothing may reach outside), `-d` goes (create has no -d), a leading `sudo` goes (the
 * tests are not root). Only the options before the image are touched; the command after it stays as written.
 */
export function asCreate(entry: CorpusLine, name: string): string {
  const words = entry.line.split(/(\s+)/);
  const at = words.indexOf(entry.image);
  if (at < 0) throw new Error(`the image ${entry.image} is not a word of its own in: ${entry.line}`);
  let options = words.slice(0, at).join('');
  const rest = words.slice(at + 1).join('');
  options = options
    .replace(/^sudo\s+/, '')
    .replace(/^docker\s+(container\s+)?run\b/, 'docker create')
    .replace(/^docker\s+container\s+create\b/, 'docker create')
    .replace(/(^|\s)(-d|--detach)(?=\s)/g, '$1')
    .replace(/(^|\s)-([a-zA-Z]*)d([a-zA-Z]*)(?=\s)/g, (whole, space, before, after) =>
      // A cluster of switches such as -dit, -itd (not a short option with a value such as -dfoo).
      /^[it]*$/.test(before + after) ? `${space}-${before}${after}` : whole,
    );
  if (!options.startsWith('docker create')) throw new Error(`not a docker run line: ${entry.line}`);
  return `${options}--label ${ORACLE_LABEL} --name ${name} ${TEST_IMAGE}${rest}`;
}

export interface Inspected {
  Id: string;
  /** `/name`. */
  Name: string;
  Config: Record<string, unknown>;
  HostConfig: Record<string, unknown>;
  NetworkSettings: { Networks?: Record<string, Record<string, unknown>> };
}

export async function inspect(idOrName: string): Promise<Inspected> {
  return (await engine.getContainer(idOrName).inspect()) as unknown as Inspected;
}

const isEmpty = (value: unknown) =>
  value === null ||
  value === undefined ||
  (Array.isArray(value) && value.length === 0) ||
  (typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length === 0);

/** Drops empty values at any depth (see `comparable`). */
function withoutEmpties(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutEmpties);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    const cleaned = withoutEmpties(inner);
    if (!isEmpty(cleaned)) out[key] = cleaned;
  }
  return out;
}

/**
 * What of an inspect must agree, normalised only where two containers made the same way still differ:
 * - `Config.Hostname`: without --hostname the engine uses the first 12 characters of the container's id.
 * - empty values (null, [], {}): the CLI sends an empty list or map for every option not given (Dns: [],
 *   PortBindings: {}…) where an API client leaves it out; the engine reads both as "not set". A value that is
 *   set (even false or 0) is compared as is.
 * - per network, only what the create request sets (aliases, fixed addresses, links): the rest (endpoint id,
 *   addresses, gateway) is filled in when a container starts, and these are only created.
 * - the order of `Config.Env`, `HostConfig.Ulimits` and `HostConfig.Binds`: the 20.10 CLI passes them
 *   through Go maps (the environment to add proxy settings from ~/.docker/config.json, ulimits keyed by name,
 *   `-v` values keyed by spec), and Go iterates maps in random order: two runs of the same CLI line differ
 *   there. Their contents are compared.
 * - the container's own name inside `HostConfig.Links` (`/peer:/<this container>/alias`): the engine writes
 *   the link's alias under the name of the container it belongs to; and their order, which the engine reads
 *   back from its link graph (a map) and so varies between two inspects of the same links.
 * Names, ids and creation times are not in Config or HostConfig otherwise, so nothing else is touched.
 */
export function comparable(info: Inspected): Record<string, unknown> {
  const config = { ...info.Config };
  if (config.Hostname === info.Id.slice(0, 12)) config.Hostname = '<from the id>';
  if (Array.isArray(config.Env)) config.Env = [...(config.Env as string[])].sort();
  const hostConfig = { ...info.HostConfig };
  if (Array.isArray(hostConfig.Binds)) hostConfig.Binds = [...(hostConfig.Binds as string[])].sort();
  if (Array.isArray(hostConfig.Links))
    hostConfig.Links = (hostConfig.Links as string[])
      .map((link) => link.replace(`:${info.Name}/`, ':/<this container>/'))
      .sort();
  if (Array.isArray(hostConfig.Ulimits))
    hostConfig.Ulimits = [...(hostConfig.Ulimits as { Name: string }[])].sort((a, b) =>
      a.Name.localeCompare(b.Name),
    );
  const networks: Record<string, unknown> = {};
  for (const [name, endpoint] of Object.entries(info.NetworkSettings.Networks ?? {})) {
    networks[name] = {
      Aliases: endpoint.Aliases,
      IPAMConfig: endpoint.IPAMConfig,
      Links: endpoint.Links,
    };
  }
  return withoutEmpties({
    Config: config,
    HostConfig: hostConfig,
    Networks: networks,
  }) as Record<string, unknown>;
}

/** Field paths where two comparable inspects differ, with both values (empty when they agree). */
export function differences(a: unknown, b: unknown, path = ''): string[] {
  if (JSON.stringify(a) === JSON.stringify(b)) return [];
  const objects =
    typeof a === 'object' &&
    a !== null &&
    typeof b === 'object' &&
    b !== null &&
    !Array.isArray(a) &&
    !Array.isArray(b);
  if (!objects) return [`${path || '(root)'}: ${JSON.stringify(a)} ≠ ${JSON.stringify(b)}`];
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  return keys.flatMap((key) =>
    differences(
      (a as Record<string, unknown>)[key],
      (b as Record<string, unknown>)[key],
      path ? `${path}.${key}` : key,
    ),
  );
}

/** The user-defined network and the peer container the corpus names, made afresh (both carry the oracle label). */
export async function createOracleFixtures(): Promise<void> {
  await removeOracleFixtures();
  await engine.createNetwork({
    Name: ORACLE_NETWORK,
    Labels: { 'berth.test.oracle': '1' },
    IPAM: { Config: [{ Subnet: ORACLE_SUBNET }] },
  });
  await engine.createContainer({
    name: ORACLE_PEER,
    Image: TEST_IMAGE,
    Cmd: ['sleep', '3600'],
    Labels: { 'berth.test.oracle': '1' },
    Volumes: { '/data': {} },
  });
}

export async function removeOracleFixtures(): Promise<void> {
  await removeOracleContainers();
  await engine
    .getNetwork(ORACLE_NETWORK)
    .remove()
    .catch(() => {});
}

/** Named volumes the corpus made (its names start with `oracle-`), removed once their containers are gone. */
const namedVolumes = new Set<string>();

/** Removes one container the oracle made, with its anonymous volumes; remembers its named ones. */
export async function removeOracleContainer(idOrName: string): Promise<void> {
  const container = engine.getContainer(idOrName);
  const info = await container.inspect().catch(() => null);
  if (!info) return;
  for (const mount of info.Mounts ?? [])
    if (mount.Type === 'volume' && mount.Name?.startsWith('oracle-')) namedVolumes.add(mount.Name);
  await container.remove({ force: true, v: true }).catch(() => {});
}

/**
 * Removes what the oracle made: its containers by its label (never `berth.test=1`: other tests run at the
 * same time), then the named volumes they used, once nothing uses them.
 */
export async function removeOracleContainers(): Promise<void> {
  const containers = await engine.listContainers({ all: true, filters: { label: [ORACLE_LABEL] } });
  for (const container of containers) await removeOracleContainer(container.Id);
  for (const volume of namedVolumes) {
    await engine
      .getVolume(volume)
      .remove()
      .then(() => namedVolumes.delete(volume))
      .catch(() => {});
  }
}
