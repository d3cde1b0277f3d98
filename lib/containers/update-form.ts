import type { ContainerUpdateInput } from '@/lib/containers/actions';
import { formatBytes, formatCpus } from '@/lib/containers/from-inspect';

/** What the `docker update` dialog edits, in the CLI's syntax ('' = leave as it is). */
export interface UpdateFormState {
  restart: string;
  memory: string;
  memorySwap: string;
  cpus: string;
  pidsLimit: string;
}

/** The HostConfig fields `docker update` changes, as `docker inspect` shows them. */
export interface UpdatableHostConfig {
  RestartPolicy?: { Name?: string; MaximumRetryCount?: number } | null;
  Memory?: number | null;
  MemorySwap?: number | null;
  NanoCpus?: number | null;
  PidsLimit?: number | null;
}

/** The dialog's starting values: the container's settings now, '' where nothing is set. */
export function updateDefaults(host: UpdatableHostConfig): UpdateFormState {
  const policy = host.RestartPolicy?.Name || 'no';
  const retries = host.RestartPolicy?.MaximumRetryCount ?? 0;
  return {
    restart: policy === 'on-failure' && retries > 0 ? `on-failure:${retries}` : policy,
    memory: host.Memory ? formatBytes(host.Memory) : '',
    memorySwap: host.MemorySwap === -1 ? '-1' : host.MemorySwap ? formatBytes(host.MemorySwap) : '',
    cpus: host.NanoCpus ? formatCpus(host.NanoCpus) : '',
    pidsLimit: host.PidsLimit && host.PidsLimit > 0 ? String(host.PidsLimit) : '',
  };
}

/**
 * The update to send: only the fields that changed (an untouched field is not sent, so `docker update` leaves
 * it as it is). A cleared pids limit is -1 (unlimited), as the CLI spells it. Null when nothing changed.
 */
export function updateInput(state: UpdateFormState, initial: UpdateFormState): ContainerUpdateInput | null {
  const input: ContainerUpdateInput = { action: 'update' };
  const changed = (key: keyof UpdateFormState) => state[key].trim() !== initial[key].trim();
  if (changed('restart')) input.restart = state.restart.trim() || 'no';
  if (changed('memory') && state.memory.trim()) input.memory = state.memory.trim();
  if (changed('memorySwap') && state.memorySwap.trim()) input.memorySwap = state.memorySwap.trim();
  if (changed('cpus') && state.cpus.trim()) input.cpus = state.cpus.trim();
  if (changed('pidsLimit')) {
    const text = state.pidsLimit.trim();
    input.pidsLimit = text === '' ? -1 : Number(text);
  }
  return Object.keys(input).length > 1 ? input : null;
}
