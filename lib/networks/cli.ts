import { shellJoin } from '@/lib/containers/cli';
import type { NetworkConnectInput, NetworkCreateInput } from '@/lib/networks/form';
import { type PruneFilters, pruneFilterWords } from '@/lib/prune/types';

export type NetworkCommand =
  | { action: 'create'; form: NetworkCreateInput }
  | { action: 'remove'; names: readonly string[] }
  | { action: 'inspect'; name: string }
  | { action: 'connect'; network: string; input: NetworkConnectInput }
  | { action: 'disconnect'; network: string; container: string; force?: boolean }
  | { action: 'prune'; filters: PruneFilters }
  | { action: 'ls' };

/** The docker CLI command equivalent to a network action. Never throws, so it can follow a form being typed. */
export function renderNetworkCommand(command: NetworkCommand): string {
  const words = ((): string[] => {
    switch (command.action) {
      case 'create': {
        const { form } = command;
        const pools = form.pools ?? [];
        return [
          'create',
          ...(form.driver && form.driver !== 'bridge' ? ['--driver', form.driver] : []),
          // The CLI pairs each --gateway and --ip-range with the --subnet that contains it.
          ...pools.flatMap((p) => (p.subnet?.trim() ? ['--subnet', p.subnet.trim()] : [])),
          ...pools.flatMap((p) => (p.ipRange?.trim() ? ['--ip-range', p.ipRange.trim()] : [])),
          ...pools.flatMap((p) => (p.gateway?.trim() ? ['--gateway', p.gateway.trim()] : [])),
          ...(form.ipv6 ? ['--ipv6'] : []),
          ...(form.internal ? ['--internal'] : []),
          ...(form.attachable ? ['--attachable'] : []),
          ...(form.labels ?? []).flatMap((l) => ['--label', l]),
          ...(form.options ?? []).flatMap((o) => ['--opt', o]),
          form.name?.trim() || 'NAME',
        ];
      }
      case 'remove':
        return ['rm', ...command.names];
      case 'inspect':
        return ['inspect', command.name];
      case 'connect': {
        const { input } = command;
        return [
          'connect',
          ...(input.aliases ?? []).flatMap((a) => (a.trim() ? ['--alias', a.trim()] : [])),
          ...(input.ipv4?.trim() ? ['--ip', input.ipv4.trim()] : []),
          ...(input.ipv6?.trim() ? ['--ip6', input.ipv6.trim()] : []),
          command.network,
          input.container?.trim() || 'CONTAINER',
        ];
      }
      case 'disconnect':
        return ['disconnect', ...(command.force ? ['-f'] : []), command.network, command.container];
      case 'prune':
        return ['prune', '-f', ...pruneFilterWords(command.filters)];
      case 'ls':
        return ['ls'];
    }
  })();
  return shellJoin(['docker', 'network', ...words]);
}
