'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { apiFetch } from '@/components/api/client';
import { useEnvironment } from '@/components/environments/current';
import { tasksSettled } from '@/components/swarm/form';
import { swarmApi } from '@/lib/api/swarm';
import { dockerKeys } from '@/lib/containers/keys';

export const swarmKeys = {
  all: (env: string) => dockerKeys.resource(env, 'swarm'),
  state: (env: string) => [...swarmKeys.all(env), 'state'] as const,
  nodes: (env: string) => [...swarmKeys.all(env), 'nodes'] as const,
  services: (env: string) => [...swarmKeys.all(env), 'services'] as const,
  /** Not under `services`: a removed service's list refresh must not refetch (404) the page being left. */
  service: (env: string, id: string) => [...swarmKeys.all(env), 'service', id] as const,
  tasks: (env: string, filter: { service?: string; node?: string }) =>
    [...swarmKeys.all(env), 'tasks', filter] as const,
  secrets: (env: string) => [...swarmKeys.all(env), 'secrets'] as const,
  configs: (env: string) => [...swarmKeys.all(env), 'configs'] as const,
  config: (env: string, id: string) => [...swarmKeys.all(env), 'config', id] as const,
};

/**
 * Swarm objects have no events on Berth's socket (it carries the local engine's container events only): lists
 * poll. Tasks poll faster while some are on their way (see tasksSettled).
 */
const REFRESH_MS = 5_000;
const TASKS_MOVING_MS = 1_500;
const TASKS_SETTLED_MS = 10_000;

export function useSwarmState() {
  const env = useEnvironment();
  return useQuery({
    queryKey: swarmKeys.state(env),
    queryFn: () => apiFetch(swarmApi.state),
    refetchInterval: 15_000,
  });
}

/** The lists below are asked only of a manager: anything else answers 409. */
export function useNodes(enabled = true) {
  const env = useEnvironment();
  return useQuery({
    queryKey: swarmKeys.nodes(env),
    queryFn: () => apiFetch(swarmApi.nodes),
    refetchInterval: REFRESH_MS,
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useServices(enabled = true) {
  const env = useEnvironment();
  return useQuery({
    queryKey: swarmKeys.services(env),
    queryFn: () => apiFetch(swarmApi.services),
    refetchInterval: REFRESH_MS,
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useService(id: string) {
  const env = useEnvironment();
  return useQuery({
    queryKey: swarmKeys.service(env, id),
    queryFn: () => apiFetch(swarmApi.service, { params: { id } }),
    refetchInterval: REFRESH_MS,
  });
}

export function useTasks(filter: { service?: string; node?: string }) {
  const env = useEnvironment();
  return useQuery({
    queryKey: swarmKeys.tasks(env, filter),
    queryFn: () => apiFetch(swarmApi.tasks, { query: filter }),
    refetchInterval: (q) => (q.state.data && tasksSettled(q.state.data) ? TASKS_SETTLED_MS : TASKS_MOVING_MS),
    placeholderData: keepPreviousData,
  });
}

export function useSecrets(enabled = true) {
  const env = useEnvironment();
  return useQuery({
    queryKey: swarmKeys.secrets(env),
    queryFn: () => apiFetch(swarmApi.secrets),
    refetchInterval: REFRESH_MS,
    enabled,
  });
}

export function useConfigs(enabled = true) {
  const env = useEnvironment();
  return useQuery({
    queryKey: swarmKeys.configs(env),
    queryFn: () => apiFetch(swarmApi.configs),
    refetchInterval: REFRESH_MS,
    enabled,
  });
}

export function useConfig(id: string | null) {
  const env = useEnvironment();
  return useQuery({
    queryKey: swarmKeys.config(env, id ?? ''),
    queryFn: () => apiFetch(swarmApi.config, { params: { id: id ?? '' } }),
    enabled: id !== null,
  });
}
