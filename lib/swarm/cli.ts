import { shellJoin } from '@/lib/containers/cli';
import type { NodeUpdate, ServiceCreate, ServiceUpdate } from '@/lib/swarm/schemas';
import type { NodeView } from '@/lib/swarm/types';

/**
 * The `docker service …`, `docker node …`, `docker secret …`, `docker config …` and `docker stack …` lines that
 * do what a Swarm action of Berth does. Pure and total (they follow a form being typed): a missing name shows as
 * NAME. Shared by the routes (audit, answers) and the pages (the CLI line under each form).
 */

const portWord = (p: NonNullable<ServiceCreate['ports']>[number]) => {
  const parts = [`target=${p.target}`];
  if (p.published) parts.unshift(`published=${p.published}`);
  if (p.protocol && p.protocol !== 'tcp') parts.push(`protocol=${p.protocol}`);
  if (p.mode === 'host') parts.push('mode=host');
  return parts.join(',');
};

const mountWord = (m: NonNullable<ServiceCreate['mounts']>[number]) =>
  [
    `type=${m.type}`,
    ...(m.source ? [`source=${m.source}`] : []),
    `target=${m.target}`,
    ...(m.readOnly ? ['readonly'] : []),
  ].join(',');

const fileWord = (f: { name: string; target?: string | undefined }) =>
  f.target ? `source=${f.name},target=${f.target}` : f.name;

const labelWords = (flag: string, labels: Record<string, string> | undefined) =>
  Object.entries(labels ?? {}).flatMap(([k, v]) => [flag, v === '' ? k : `${k}=${v}`]);

/** `docker service create …` for the form's values. */
export function serviceCreateCommand(input: Partial<ServiceCreate>): string {
  const words = ['docker', 'service', 'create', '--name', input.name?.trim() || 'NAME'];
  if (input.mode === 'global') words.push('--mode', 'global');
  else if (input.replicas !== undefined && input.replicas !== 1)
    words.push('--replicas', String(input.replicas));
  for (const e of input.env ?? []) words.push('--env', e);
  words.push(...labelWords('--label', input.labels));
  words.push(...labelWords('--container-label', input.containerLabels));
  for (const p of input.ports ?? []) words.push('--publish', portWord(p));
  for (const m of input.mounts ?? []) words.push('--mount', mountWord(m));
  for (const n of input.networks ?? []) words.push('--network', n);
  for (const c of input.constraints ?? []) words.push('--constraint', c.replace(/\s+/g, ''));
  for (const s of input.secrets ?? []) words.push('--secret', fileWord(s));
  for (const c of input.configs ?? []) words.push('--config', fileWord(c));
  if (input.restartCondition && input.restartCondition !== 'any')
    words.push('--restart-condition', input.restartCondition);
  if (input.limitCpus) words.push('--limit-cpu', input.limitCpus);
  if (input.limitMemory) words.push('--limit-memory', input.limitMemory);
  if (input.user) words.push('--user', input.user);
  if (input.workdir) words.push('--workdir', input.workdir);
  if (input.hostname) words.push('--hostname', input.hostname);
  for (const c of input.capAdd ?? []) words.push('--cap-add', c);
  for (const c of input.capDrop ?? []) words.push('--cap-drop', c);
  if (input.entrypoint?.length) words.push('--entrypoint', input.entrypoint.join(' '));
  if (input.registryId) words.push('--with-registry-auth');
  if (input.noResolveImage) words.push('--no-resolve-image');
  words.push(input.image?.trim() || 'IMAGE', ...(input.command ?? []));
  return shellJoin(words);
}

const envKey = (entry: string) => entry.slice(0, Math.max(0, entry.indexOf('=')) || entry.length);

/**
 * `docker service update …` taking the service from `before` to what `update` asks: `--env-add`/`--env-rm` and
 * `--label-add`/`--label-rm` for the difference of the whole sets the API takes.
 */
export function serviceUpdateCommand(
  service: string,
  update: ServiceUpdate,
  before: { env?: readonly string[]; labels?: Record<string, string> } = {},
): string {
  const words = ['docker', 'service', 'update'];
  if (update.image) words.push('--image', update.image);
  if (update.replicas !== undefined) words.push('--replicas', String(update.replicas));
  if (update.env) {
    const keys = new Set(update.env.map(envKey));
    for (const old of before.env ?? []) if (!keys.has(envKey(old))) words.push('--env-rm', envKey(old));
    for (const e of update.env) if (!(before.env ?? []).includes(e)) words.push('--env-add', e);
  }
  if (update.labels) {
    for (const key of Object.keys(before.labels ?? {}))
      if (!(key in update.labels)) words.push('--label-rm', key);
    for (const [k, v] of Object.entries(update.labels))
      if (before.labels?.[k] !== v) words.push('--label-add', v === '' ? k : `${k}=${v}`);
  }
  if (update.constraints)
    for (const c of update.constraints) words.push('--constraint-add', c.replace(/\s+/g, ''));
  if (update.ports) for (const p of update.ports) words.push('--publish-add', portWord(p));
  if (update.mounts) for (const m of update.mounts) words.push('--mount-add', mountWord(m));
  if (update.capAdd) for (const c of update.capAdd) words.push('--cap-add', c);
  if (update.limitCpus) words.push('--limit-cpu', update.limitCpus);
  if (update.limitMemory) words.push('--limit-memory', update.limitMemory);
  if (update.force) words.push('--force');
  if (update.noResolveImage) words.push('--no-resolve-image');
  words.push(service || 'SERVICE');
  return shellJoin(words);
}

export const serviceScaleCommand = (service: string, replicas: number) =>
  shellJoin(['docker', 'service', 'scale', `${service || 'SERVICE'}=${replicas}`]);
export const serviceRollbackCommand = (service: string) =>
  shellJoin(['docker', 'service', 'rollback', service]);
export const serviceRemoveCommand = (service: string) => shellJoin(['docker', 'service', 'rm', service]);
export const serviceLogsCommand = (service: string, tail: number | 'all' = 200) =>
  shellJoin(['docker', 'service', 'logs', '--follow', '--timestamps', '--tail', String(tail), service]);
export const servicePsCommand = (service: string) => shellJoin(['docker', 'service', 'ps', service]);
export const nodePsCommand = (node: string) => shellJoin(['docker', 'node', 'ps', node]);

/** `docker node update …` from the node as it is to what `update` asks. */
export function nodeUpdateCommand(
  node: Pick<NodeView, 'hostname' | 'labels'> & Partial<Pick<NodeView, 'availability' | 'role'>>,
  update: NodeUpdate,
): string {
  const words = ['docker', 'node', 'update'];
  if (update.availability) words.push('--availability', update.availability);
  if (update.role) words.push('--role', update.role);
  if (update.labels) {
    for (const key of Object.keys(node.labels)) if (!(key in update.labels)) words.push('--label-rm', key);
    for (const [k, v] of Object.entries(update.labels))
      if (node.labels[k] !== v) words.push('--label-add', v === '' ? k : `${k}=${v}`);
  }
  words.push(node.hostname || 'NODE');
  return shellJoin(words);
}

/** `docker secret create NAME -` / `docker config create NAME -`: the value comes on stdin, never on the line. */
export function swarmFileCreateCommand(
  kind: 'secret' | 'config',
  name: string,
  labels: Record<string, string> = {},
): string {
  return shellJoin(['docker', kind, 'create', ...labelWords('--label', labels), name || 'NAME', '-']);
}
export const swarmFileRemoveCommand = (kind: 'secret' | 'config', name: string) =>
  shellJoin(['docker', kind, 'rm', name]);

export const stackDeployCommand = (stack: string) =>
  shellJoin(['docker', 'stack', 'deploy', '--compose-file', 'docker-compose.yml', stack || 'STACK']);
export const stackRemoveCommand = (stack: string) => shellJoin(['docker', 'stack', 'rm', stack]);
