'use client';

import { useQuery } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { apiFetch } from '@/components/api/client';
import { useInvalidatingMutation } from '@/components/api/mutations';
import { statsHistoryKeys } from '@/components/stats-history/queries';
import { Button } from '@/components/ui/Button';
import { CliCommand } from '@/components/ui/CliCommand';
import { statsHistoryApi } from '@/lib/api/stats-history';
import { Section } from '../account/AccountPage';

/**
 * Settings → Prometheus metrics (admins): turn `/metrics` on and get its scrape token, shown once (only its
 * hash is stored); a new token replaces the old one at once.
 */
export function MetricsSection() {
  const t = useTranslations('statsHistory');
  const [token, setToken] = useState<string | null>(null);
  const current = useQuery({
    queryKey: statsHistoryKeys.metrics(),
    queryFn: () => apiFetch(statsHistoryApi.metricsSettings),
  });
  const update = useInvalidatingMutation({
    mutationFn: (body: { enabled: boolean; rotateToken?: boolean }) =>
      apiFetch(statsHistoryApi.updateMetricsSettings, { json: body }),
    invalidates: () => [statsHistoryKeys.metrics()],
    success: (body) =>
      body.rotateToken ? t('metrics.rotated') : body.enabled ? t('metrics.enabled') : t('metrics.disabled'),
  });
  const enabled = current.data?.enabled ?? false;
  const origin = typeof window === 'undefined' ? '' : window.location.origin;
  const run = (body: { enabled: boolean; rotateToken?: boolean }) =>
    update.mutate(body, { onSuccess: (view) => setToken(view.token ?? null) });
  return (
    <Section title={t('metrics.title')}>
      <p className="text-sm text-slate-600 dark:text-slate-300">{t('metrics.help')}</p>
      <div
        className="flex flex-wrap items-center gap-2"
        data-testid="metrics-settings"
        data-enabled={enabled}
      >
        <span className="text-sm">{enabled ? t('metrics.on') : t('metrics.off')}</span>
        <Button
          variant={enabled ? 'secondary' : 'primary'}
          disabled={update.isPending || !current.data}
          onClick={() => run({ enabled: !enabled })}
        >
          {enabled ? t('metrics.disable') : t('metrics.enable')}
        </Button>
        {enabled && (
          <Button disabled={update.isPending} onClick={() => run({ enabled: true, rotateToken: true })}>
            {t('metrics.rotate')}
          </Button>
        )}
      </div>
      {token && (
        <div className="flex flex-col gap-1">
          <p className="text-sm font-medium">{t('metrics.tokenOnce')}</p>
          <code
            data-testid="metrics-token"
            className="break-all rounded bg-slate-100 p-2 text-xs dark:bg-slate-800"
          >
            {token}
          </code>
        </div>
      )}
      {enabled && (
        <CliCommand command={`curl -H "Authorization: Bearer ${token ?? '<token>'}" ${origin}/metrics`} />
      )}
    </Section>
  );
}
