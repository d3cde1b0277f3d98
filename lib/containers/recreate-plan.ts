import { renderContainerCommand, renderRunCommand, shellJoin } from '@/lib/containers/cli';
import type { ContainerFormInput } from '@/lib/containers/form';
import { parseVolumeSpec } from '@/lib/containers/form';
import { parseMount, parseTmpfs } from '@/lib/containers/run-specs';

/**
 * The pure parts of a recreate (issue 15): the name the old container waits under, which of its anonymous
 * volumes the new one takes over, and the CLI steps shown for it. server/docker/recreate.ts runs them.
 */

/** Where the old container waits while the new one is made: `<name>-berth-old-<short id>`. */
export function asideName(name: string, id: string): string {
  return `${name}-berth-old-${id.slice(0, 12)}`;
}

/** An anonymous volume's name: 64 hex digits, made by the engine. */
export const ANONYMOUS_VOLUME = /^[0-9a-f]{64}$/;

const bare = (path: string) => path.replace(/\/+$/, '') || '/';

export interface OldMount {
  Type?: string;
  Name?: string;
  Destination?: string;
}

export interface CarriedVolumes {
  /** The form with the old anonymous volumes mounted by name where it mounts them anonymously or not at all. */
  form: ContainerFormInput;
  /** Taken over: the volume and where it is mounted. */
  carried: { volume: string; target: string }[];
  /** Left out: the form mounts something else there (the volume stays on the engine, unused). */
  left: { volume: string; target: string }[];
}

/**
 * A new container gets fresh anonymous volumes: the old one's data would stay behind in volumes nothing
 * mounts. As the CLI can say it, the new container mounts each old anonymous volume by its name
 * (`-v <volume>:<path>`, or `source=<volume>` on a sourceless `--mount`), unless the form mounts something else
 * at that path. `inherited` are volumes that come with `--volumes-from` (they come again the same way).
 */
export function carryAnonymousVolumes(
  form: ContainerFormInput,
  mounts: readonly OldMount[] | null | undefined,
  inherited: ReadonlySet<string> = new Set(),
): CarriedVolumes {
  const volumes = [...(form.volumes ?? [])];
  const mountSpecs = [...(form.mounts ?? [])];
  const carried: CarriedVolumes['carried'] = [];
  const left: CarriedVolumes['left'] = [];
  const tryParse = <T>(parse: () => T): T | null => {
    try {
      return parse();
    } catch {
      return null; // the schema reports it
    }
  };
  for (const mount of mounts ?? []) {
    const volume = mount.Name ?? '';
    if (mount.Type !== 'volume' || !ANONYMOUS_VOLUME.test(volume) || inherited.has(volume)) continue;
    const target = bare(mount.Destination ?? '');
    if (target === '/') continue;
    const anonymous = volumes.findIndex((spec) => {
      const parsed = tryParse(() => parseVolumeSpec(spec));
      return parsed?.kind === 'anonymous' && bare(parsed.target) === target;
    });
    if (anonymous >= 0) {
      volumes[anonymous] = `${volume}:${target}`;
      carried.push({ volume, target });
      continue;
    }
    const sourceless = mountSpecs.findIndex((spec) => {
      const parsed = tryParse(() => parseMount(spec));
      return parsed?.Type === 'volume' && !parsed.Source && bare(parsed.Target) === target;
    });
    if (sourceless >= 0) {
      mountSpecs[sourceless] = `source=${volume},${mountSpecs[sourceless]}`;
      carried.push({ volume, target });
      continue;
    }
    const taken =
      volumes.some((spec) => {
        const parsed = tryParse(() => parseVolumeSpec(spec));
        return parsed !== null && bare(parsed.target) === target;
      }) ||
      mountSpecs.some((spec) => {
        const parsed = tryParse(() => parseMount(spec));
        return parsed !== null && bare(parsed.Target) === target;
      }) ||
      (form.tmpfs ?? []).some((spec) => {
        const parsed = tryParse(() => parseTmpfs(spec));
        return parsed !== null && bare(parsed.path) === target;
      });
    if (taken) {
      left.push({ volume, target });
      continue;
    }
    // The image declares it (the form leaves the image's volumes out): mounted by name at the same path.
    volumes.push(`${volume}:${target}`);
    carried.push({ volume, target });
  }
  const out: ContainerFormInput = { ...form };
  if (volumes.length) out.volumes = volumes;
  if (mountSpecs.length) out.mounts = mountSpecs;
  return { form: out, carried, left };
}

export interface ExtraNetwork {
  name: string;
  aliases: string[];
  ipv4?: string;
  ipv6?: string;
}

/** The `docker network connect` of an extra network, as the CLI writes it. */
export function networkConnectCommand(network: ExtraNetwork, container: string): string {
  return shellJoin([
    'docker',
    'network',
    'connect',
    ...network.aliases.flatMap((alias) => ['--alias', alias]),
    ...(network.ipv4 ? ['--ip', network.ipv4] : []),
    ...(network.ipv6 ? ['--ip6', network.ipv6] : []),
    network.name,
    container,
  ]);
}

/** The CLI steps of a recreate, in order (what the audit log and the browser show). */
export function recreateCommands(plan: {
  name: string;
  id: string;
  running: boolean;
  pull: boolean;
  form: ContainerFormInput;
  extraNetworks: readonly ExtraNetwork[];
}): string[] {
  const aside = asideName(plan.name, plan.id);
  const started = plan.form.start !== false;
  return [
    ...(plan.pull ? [shellJoin(['docker', 'pull', plan.form.image])] : []),
    ...(plan.running ? [renderContainerCommand({ action: 'stop', targets: [plan.name] })] : []),
    renderContainerCommand({ action: 'rename', target: plan.name, newName: aside }),
    // Networks are connected before the start, as a create then start does: docker create, connect, start.
    ...(plan.extraNetworks.length
      ? [
          renderRunCommand({ ...plan.form, name: plan.name, start: false }),
          ...plan.extraNetworks.map((network) => networkConnectCommand(network, plan.name)),
          ...(started ? [renderContainerCommand({ action: 'start', targets: [plan.name] })] : []),
        ]
      : [renderRunCommand({ ...plan.form, name: plan.name })]),
    renderContainerCommand({ action: 'remove', targets: [aside] }),
  ];
}
