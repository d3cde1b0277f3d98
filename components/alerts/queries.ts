'use client';

import { useQuery } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import type { z } from 'zod';
import { apiFetch } from '@/components/api/client';
import { useInvalidatingMutation } from '@/components/api/mutations';
import type {
  alertChannelCreateSchema,
  alertChannelUpdateSchema,
  alertRuleCreateSchema,
} from '@/lib/alerts/schemas';
import { alertsApi } from '@/lib/api/alerts';
import { settingsApi } from '@/lib/api/settings';

export const alertKeys = {
  all: ['alerts'] as const,
  firings: () => [...alertKeys.all, 'firings'] as const,
  rules: () => [...alertKeys.all, 'rules'] as const,
  channels: () => [...alertKeys.all, 'channels'] as const,
};

/** Firings arrive from the server's evaluation, not from this tab: the list is re-read every few seconds. */
export function useFirings() {
  return useQuery({
    queryKey: alertKeys.firings(),
    queryFn: () => apiFetch(alertsApi.firings, { query: { limit: 200 } }),
    refetchInterval: 3000,
  });
}

export function useAlertRules() {
  return useQuery({ queryKey: alertKeys.rules(), queryFn: () => apiFetch(alertsApi.rules) });
}

export function useAlertChannels() {
  return useQuery({ queryKey: alertKeys.channels(), queryFn: () => apiFetch(alertsApi.channels) });
}

export function useAcknowledge() {
  const t = useTranslations('alerts.toast');
  return useInvalidatingMutation({
    mutationFn: (id: number) => apiFetch(alertsApi.acknowledge, { params: { id } }),
    invalidates: () => [alertKeys.firings()],
    success: () => t('acknowledged'),
  });
}

export function useCreateRule() {
  const t = useTranslations('alerts.toast');
  return useInvalidatingMutation({
    mutationFn: (json: z.input<typeof alertRuleCreateSchema>) => apiFetch(alertsApi.createRule, { json }),
    invalidates: () => [alertKeys.rules()],
    success: (_v, r) => t('ruleSaved', { name: r.name }),
  });
}

export function useToggleRule() {
  return useInvalidatingMutation({
    mutationFn: ({ id, enabled }: { id: number; enabled: boolean }) =>
      apiFetch(alertsApi.updateRule, { params: { id }, json: { enabled } }),
    invalidates: () => [alertKeys.rules()],
  });
}

export function useRemoveRule() {
  const t = useTranslations('alerts.toast');
  return useInvalidatingMutation({
    mutationFn: (id: number) => apiFetch(alertsApi.removeRule, { params: { id } }),
    invalidates: () => [alertKeys.rules()],
    success: () => t('removed'),
  });
}

export function useCreateChannel() {
  const t = useTranslations('alerts.toast');
  return useInvalidatingMutation({
    mutationFn: (json: z.input<typeof alertChannelCreateSchema>) =>
      apiFetch(alertsApi.createChannel, { json }),
    invalidates: () => [alertKeys.channels()],
    success: (_v, c) => t('channelSaved', { name: c.name }),
  });
}

export function useUpdateChannel() {
  const t = useTranslations('alerts.toast');
  return useInvalidatingMutation({
    mutationFn: ({ id, json }: { id: number; json: z.input<typeof alertChannelUpdateSchema> }) =>
      apiFetch(alertsApi.updateChannel, { params: { id }, json }),
    invalidates: () => [alertKeys.channels()],
    success: (_v, c) => t('channelSaved', { name: c.name }),
  });
}

export function useRemoveChannel() {
  const t = useTranslations('alerts.toast');
  return useInvalidatingMutation({
    mutationFn: (id: number) => apiFetch(alertsApi.removeChannel, { params: { id } }),
    invalidates: () => [alertKeys.channels(), alertKeys.rules()],
    success: () => t('removed'),
  });
}

export function useTestChannel() {
  const t = useTranslations('alerts.toast');
  return useInvalidatingMutation({
    mutationFn: (id: number) => apiFetch(alertsApi.testChannel, { params: { id } }),
    invalidates: () => [],
    success: (_v, r) => (r.ok ? t('testOk') : t('testFailed', { error: r.error ?? '' })),
  });
}

/** The alerts settings (retention of firings, private targets), an admin's. */
export function useSaveAlertSettings() {
  const t = useTranslations('alerts.toast');
  return useInvalidatingMutation({
    mutationFn: (alerts: { retentionDays: number; retentionRows: number; allowPrivateTargets: boolean }) =>
      apiFetch(settingsApi.update, { json: { alerts } }),
    invalidates: () => [['settings']],
    success: () => t('settingsSaved'),
  });
}
