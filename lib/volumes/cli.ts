import { shellJoin } from '@/lib/containers/cli';
import { type PruneFilters, pruneFilterWords } from '@/lib/prune/types';
import type { VolumeCreateInput } from '@/lib/volumes/form';

export type VolumeCommand =
  | { action: 'create'; form: VolumeCreateInput }
  | { action: 'remove'; names: readonly string[] }
  | { action: 'inspect'; name: string }
  | { action: 'prune'; filters: PruneFilters; all: boolean }
  | { action: 'ls' };

/** The docker CLI command equivalent to a volume action. Never throws, so it can follow a form being typed. */
export function renderVolumeCommand(command: VolumeCommand): string {
  const words = ((): string[] => {
    switch (command.action) {
      case 'create': {
        const { form } = command;
        const driver = form.driver?.trim();
        return [
          'create',
          ...(driver && driver !== 'local' ? ['--driver', driver] : []),
          ...(form.options ?? []).flatMap((o) => ['--opt', o]),
          ...(form.labels ?? []).flatMap((l) => ['--label', l]),
          ...(form.name?.trim() ? [form.name.trim()] : []),
        ];
      }
      case 'remove':
        return ['rm', ...command.names];
      case 'inspect':
        return ['inspect', command.name];
      case 'prune':
        return ['prune', '-f', ...(command.all ? ['--all'] : []), ...pruneFilterWords(command.filters)];
      case 'ls':
        return ['ls'];
    }
  })();
  return shellJoin(['docker', 'volume', ...words]);
}

/**
 * How to reach a volume no container mounts, from a shell: a throwaway container of any small image the
 * user has. Berth does not start one itself: it would need an image the engine may not have.
 */
export function renderVolumeShellCommand(name: string, image = 'busybox'): string {
  return shellJoin(['docker', 'run', '--rm', '-it', '-v', `${name}:/data`, '-w', '/data', image, 'sh']);
}

/** `docker cp` between the host and a path of the volume, through the container that mounts it. */
export function renderVolumeCopyCommand(
  container: string,
  destination: string,
  path: string,
  direction: 'from' | 'to',
  local = '.',
): string {
  const inside = joinVolumePath(destination, path);
  return direction === 'from'
    ? shellJoin(['docker', 'cp', `${container}:${inside}`, local])
    : shellJoin(['docker', 'cp', local, `${container}:${inside}`]);
}

/** A volume-relative path (`/sub/dir`) under the mount point (`/data`), as the container sees it. */
export function joinVolumePath(destination: string, path: string): string {
  const base = destination.replace(/\/+$/, '');
  const rest = path.replace(/^\/+/, '').replace(/\/+$/, '');
  return rest ? `${base}/${rest}` : base || '/';
}
