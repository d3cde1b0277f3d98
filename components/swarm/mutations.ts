'use client';

import { useTranslations } from 'next-intl';
import { apiFetch } from '@/components/api/client';
import { useInvalidatingMutation } from '@/components/api/mutations';
import { useEnvironment } from '@/components/environments/current';
import { swarmKeys } from '@/components/swarm/queries';
import { swarmApi } from '@/lib/api/swarm';
import {
  nodeUpdateCommand,
  serviceCreateCommand,
  serviceRemoveCommand,
  serviceRollbackCommand,
  serviceScaleCommand,
  serviceUpdateCommand,
  stackDeployCommand,
  swarmFileCreateCommand,
  swarmFileRemoveCommand,
} from '@/lib/swarm/cli';
import type {
  NodeUpdate,
  ServiceCreate,
  ServiceUpdate,
  SwarmFileCreate,
  SwarmStackDeploy,
} from '@/lib/swarm/schemas';
import type { NodeView } from '@/lib/swarm/types';

export function useUpdateNode() {
  const env = useEnvironment();
  const t = useTranslations('swarm.toast');
  return useInvalidatingMutation({
    mutationFn: ({ node, update }: { node: NodeView; update: NodeUpdate }) =>
      apiFetch(swarmApi.updateNode, { params: { id: node.id }, json: update }),
    invalidates: () => [swarmKeys.nodes(env), swarmKeys.state(env)],
    success: ({ node }) => t('nodeUpdated', { name: node.hostname }),
    command: ({ node, update }) => nodeUpdateCommand(node, update),
  });
}

export function useCreateService() {
  const env = useEnvironment();
  const t = useTranslations('swarm.toast');
  return useInvalidatingMutation({
    mutationFn: (body: ServiceCreate) => apiFetch(swarmApi.createService, { json: body }),
    invalidates: () => [swarmKeys.services(env)],
    success: (_body, result) => t('serviceCreated', { name: result.name }),
    command: (body) => serviceCreateCommand(body),
  });
}

export function useDeployStack() {
  const env = useEnvironment();
  const t = useTranslations('swarm.toast');
  return useInvalidatingMutation({
    mutationFn: (body: SwarmStackDeploy) => apiFetch(swarmApi.deployStack, { json: body }),
    invalidates: () => [swarmKeys.all(env)],
    success: (_body, result) => t('stackDeployed', { name: result.stack, count: result.services.length }),
    command: (body) => stackDeployCommand(body.stack),
  });
}

/** Update, scale, rollback and remove of one service, each with its own CLI line. */
export function useServiceActions(service: {
  id: string;
  name: string;
  env?: string[];
  labels?: Record<string, string>;
}) {
  const env = useEnvironment();
  const t = useTranslations('swarm.toast');
  // Everything of the swarm: the service, its tasks, the list.
  const invalidates = () => [swarmKeys.all(env)];
  const params = { id: service.id };
  return {
    update: useInvalidatingMutation({
      mutationFn: (update: ServiceUpdate) => apiFetch(swarmApi.updateService, { params, json: update }),
      invalidates,
      success: () => t('serviceUpdated', { name: service.name }),
      command: (update) => serviceUpdateCommand(service.name, update, service),
    }),
    scale: useInvalidatingMutation({
      mutationFn: (replicas: number) => apiFetch(swarmApi.scale, { params, json: { replicas } }),
      invalidates,
      success: (replicas) => t('serviceScaled', { name: service.name, replicas }),
      command: (replicas) => serviceScaleCommand(service.name, replicas),
    }),
    rollback: useInvalidatingMutation({
      mutationFn: () => apiFetch(swarmApi.rollback, { params }),
      invalidates,
      success: () => t('serviceRolledBack', { name: service.name }),
      command: () => serviceRollbackCommand(service.name),
    }),
    remove: useInvalidatingMutation({
      mutationFn: () => apiFetch(swarmApi.removeService, { params }),
      invalidates: () => [swarmKeys.services(env)],
      success: () => t('serviceRemoved', { name: service.name }),
      command: () => serviceRemoveCommand(service.name),
    }),
  };
}

export function useCreateSwarmFile(kind: 'secret' | 'config') {
  const env = useEnvironment();
  const t = useTranslations('swarm.toast');
  return useInvalidatingMutation({
    mutationFn: (body: SwarmFileCreate) =>
      apiFetch(kind === 'secret' ? swarmApi.createSecret : swarmApi.createConfig, { json: body }),
    invalidates: () => [kind === 'secret' ? swarmKeys.secrets(env) : swarmKeys.configs(env)],
    success: (body) => t(kind === 'secret' ? 'secretCreated' : 'configCreated', { name: body.name }),
    command: (body) => swarmFileCreateCommand(kind, body.name, body.labels),
  });
}

export function useRemoveSwarmFile(kind: 'secret' | 'config') {
  const env = useEnvironment();
  const t = useTranslations('swarm.toast');
  return useInvalidatingMutation({
    mutationFn: (file: { id: string; name: string }) =>
      apiFetch(kind === 'secret' ? swarmApi.removeSecret : swarmApi.removeConfig, {
        params: { id: file.id },
      }),
    invalidates: () => [kind === 'secret' ? swarmKeys.secrets(env) : swarmKeys.configs(env)],
    success: (file) => t(kind === 'secret' ? 'secretRemoved' : 'configRemoved', { name: file.name }),
    command: (file) => swarmFileRemoveCommand(kind, file.name),
  });
}
