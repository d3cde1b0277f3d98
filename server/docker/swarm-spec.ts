import type { ServiceCreateParsed, ServiceUpdate } from '@/lib/swarm/schemas';
import type { RawContainerSpec, RawMount, RawPortConfig, RawServiceSpec } from '@/server/docker/swarm-view';
import { HttpError } from '@/server/http/errors';

/**
 * The Engine ServiceSpec a Berth form makes, and the one an update leaves: pure, so the exact body the policy
 * judges and the engine receives is what the unit tests read.
 */

/** Secret and config names → ids: the engine's references need both, as the CLI resolves them. */
export interface FileIds {
  secrets: ReadonlyMap<string, string>;
  configs: ReadonlyMap<string, string>;
}

const bad = (path: string, message: string) =>
  new HttpError(400, 'bad_request', message, [{ path, message }]);

/** `--limit-memory 64m` → bytes, as the CLI's RAMInBytes reads it (binary units). */
export function memoryBytes(text: string): number {
  const m = /^(\d+(?:\.\d+)?)([bkmg]?)$/i.exec(text.trim());
  if (!m) throw bad('body.limitMemory', `Not a size: ${text}`);
  const unit = { '': 1, b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[(m[2] ?? '').toLowerCase()] ?? 1;
  return Math.round(Number(m[1]) * unit);
}

export const nanoCpus = (text: string) => Math.round(Number(text) * 1e9);

type Port = NonNullable<ServiceCreateParsed['ports']>[number];
type Mount = NonNullable<ServiceCreateParsed['mounts']>[number];

export const toPortConfigs = (ports: readonly Port[]): RawPortConfig[] =>
  ports.map((p) => ({
    Protocol: p.protocol,
    TargetPort: p.target,
    ...(p.published ? { PublishedPort: p.published } : {}),
    PublishMode: p.mode,
  }));

export const toMounts = (mounts: readonly Mount[]): RawMount[] =>
  mounts.map((m) => ({
    Type: m.type,
    ...(m.source ? { Source: m.source } : {}),
    Target: m.target,
    ...(m.readOnly ? { ReadOnly: true } : {}),
  }));

function fileRefs(
  kind: 'secret' | 'config',
  refs: readonly { name: string; target?: string | undefined }[],
  ids: ReadonlyMap<string, string>,
) {
  return refs.map((r, i) => {
    const id = ids.get(r.name);
    if (!id) throw bad(`body.${kind}s.${i}.name`, `No such ${kind}: ${r.name}`);
    const file = { Name: r.target || r.name, UID: '0', GID: '0', Mode: 0o444 };
    return kind === 'secret'
      ? { SecretID: id, SecretName: r.name, File: file }
      : { ConfigID: id, ConfigName: r.name, File: file };
  });
}

/** The update and rollback settings `docker service create` sends when none is given. */
const CLI_UPDATE_CONFIG = {
  Parallelism: 1,
  FailureAction: 'pause',
  Monitor: 5_000_000_000,
  MaxFailureRatio: 0,
  Order: 'stop-first',
};

/** `docker service create` as an Engine ServiceSpec. */
export function buildServiceSpec(input: ServiceCreateParsed, ids: FileIds): RawServiceSpec {
  const container: RawContainerSpec = {
    Image: input.image,
    // `docker service create` sends Init false when --init is not given: the same spec, field for field.
    Init: false,
    ...(input.entrypoint?.length ? { Command: input.entrypoint } : {}),
    ...(input.command?.length ? { Args: input.command } : {}),
    ...(input.env.length ? { Env: input.env } : {}),
    ...(Object.keys(input.containerLabels).length ? { Labels: input.containerLabels } : {}),
    ...(input.mounts.length ? { Mounts: toMounts(input.mounts) } : {}),
    ...(input.user ? { User: input.user } : {}),
    ...(input.workdir ? { Dir: input.workdir } : {}),
    ...(input.hostname ? { Hostname: input.hostname } : {}),
    ...(input.capAdd.length ? { CapabilityAdd: input.capAdd } : {}),
    ...(input.capDrop.length ? { CapabilityDrop: input.capDrop } : {}),
    ...(input.secrets.length ? { Secrets: fileRefs('secret', input.secrets, ids.secrets) } : {}),
    ...(input.configs.length ? { Configs: fileRefs('config', input.configs, ids.configs) } : {}),
  };
  const limits = {
    ...(input.limitCpus ? { NanoCPUs: nanoCpus(input.limitCpus) } : {}),
    ...(input.limitMemory ? { MemoryBytes: memoryBytes(input.limitMemory) } : {}),
  };
  return {
    Name: input.name,
    Labels: input.labels,
    TaskTemplate: {
      ContainerSpec: container,
      Resources: { Limits: limits, Reservations: {} },
      RestartPolicy: { Condition: input.restartCondition, MaxAttempts: 0 },
      Placement: input.constraints.length
        ? { Constraints: input.constraints.map((c) => c.replace(/\s+/g, '')) }
        : {},
      ...(input.networks.length ? { Networks: input.networks.map((n) => ({ Target: n })) } : {}),
      ForceUpdate: 0,
      Runtime: 'container',
    },
    Mode: input.mode === 'global' ? { Global: {} } : { Replicated: { Replicas: input.replicas } },
    UpdateConfig: CLI_UPDATE_CONFIG,
    RollbackConfig: CLI_UPDATE_CONFIG,
    EndpointSpec: { Mode: 'vip', ...(input.ports.length ? { Ports: toPortConfigs(input.ports) } : {}) },
  };
}

/**
 * `docker service update`: the current spec with only the given fields changed. Arrays (env, ports, mounts,
 * constraints, capabilities) are the whole set after the change, as the body documents.
 */
export function applyServiceUpdate(current: RawServiceSpec, update: ServiceUpdate): RawServiceSpec {
  const spec: RawServiceSpec = structuredClone(current);
  const template = { ...(spec.TaskTemplate ?? {}) };
  const container: RawContainerSpec = { ...(template.ContainerSpec ?? {}) };
  if (update.image !== undefined) container.Image = update.image;
  if (update.env !== undefined) container.Env = update.env;
  if (update.mounts !== undefined)
    container.Mounts = toMounts(update.mounts.map((m) => ({ ...m, readOnly: m.readOnly ?? false })));
  if (update.capAdd !== undefined) container.CapabilityAdd = update.capAdd;
  if (update.replicas !== undefined) {
    if (!spec.Mode?.Replicated) throw bad('body.replicas', 'A global service has no replica count');
    spec.Mode = { Replicated: { Replicas: update.replicas } };
  }
  if (update.labels !== undefined) spec.Labels = update.labels;
  if (update.ports !== undefined)
    spec.EndpointSpec = {
      ...(spec.EndpointSpec ?? {}),
      Ports: toPortConfigs(
        update.ports.map((p) => ({ ...p, protocol: p.protocol ?? 'tcp', mode: p.mode ?? 'ingress' })),
      ),
    };
  if (update.constraints !== undefined)
    template.Placement = {
      ...(template.Placement ?? {}),
      Constraints: update.constraints.map((c) => c.replace(/\s+/g, '')),
    };
  if (update.limitCpus !== undefined || update.limitMemory !== undefined) {
    const resources = { ...(template.Resources ?? {}) };
    resources.Limits = {
      ...(resources.Limits ?? {}),
      ...(update.limitCpus !== undefined ? { NanoCPUs: nanoCpus(update.limitCpus) } : {}),
      ...(update.limitMemory !== undefined ? { MemoryBytes: memoryBytes(update.limitMemory) } : {}),
    };
    template.Resources = resources;
  }
  if (update.force) template.ForceUpdate = (template.ForceUpdate ?? 0) + 1;
  template.ContainerSpec = container;
  spec.TaskTemplate = template;
  return spec;
}
