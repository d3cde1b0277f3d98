'use client';

import { useLocale, useTranslations } from 'next-intl';
import { useCan } from '@/components/auth/queries';
import Link from '@/components/environments/EnvLink';
import { ListError } from '@/components/list/ListError';
import { CreateLink } from '@/components/list/ListHeader';
import { portText, replicasText } from '@/components/swarm/form';
import { useServices } from '@/components/swarm/queries';
import { Table } from '@/components/ui/Table';
import { formatRelative } from '@/lib/format';

/** `docker service ls`: replicas as running/desired, ports, stack and the last update's state. */
export function ServicesTab() {
  const t = useTranslations('swarm.services');
  const locale = useLocale();
  const services = useServices();
  const canWrite = useCan('containers:write');
  const list = services.data ?? [];

  return (
    <div className="flex flex-col gap-3">
      <div className="flex flex-wrap items-center gap-2">
        <span className="text-sm text-slate-500" data-testid="swarm-service-count">
          {t('count', { count: list.length })}
        </span>
        {canWrite && (
          <div className="ml-auto flex gap-2">
            <CreateLink href="/swarm/stacks/new" label={t('fromCompose')} />
            <CreateLink href="/swarm/services/new" label={t('create')} />
          </div>
        )}
      </div>
      {services.isError && !services.data ? (
        <ListError message={services.error.message} />
      ) : (
        <Table
          columns={[
            t('name'),
            t('image'),
            t('mode'),
            t('replicas'),
            t('ports'),
            t('stack'),
            t('updated'),
            t('updateStatus'),
          ]}
          testId="swarm-service-table"
          after={
            list.length === 0 && (
              <p className="p-4 text-center text-sm text-slate-500">
                {services.isLoading ? t('loading') : t('empty')}
              </p>
            )
          }
        >
          {list.map((s) => (
            <tr
              key={s.id}
              className="border-b border-slate-100 dark:border-slate-800"
              data-testid="swarm-service-row"
              data-name={s.name}
            >
              <td className="px-3 py-2">
                <Link
                  href={`/swarm/services/${encodeURIComponent(s.id)}`}
                  className="font-medium text-sky-700 hover:underline dark:text-sky-400"
                >
                  {s.name}
                </Link>
              </td>
              <td className="px-3 py-2 font-mono text-xs break-all">{s.image}</td>
              <td className="px-3 py-2 text-xs">{t(`modes.${s.mode}`)}</td>
              <td
                className={`px-3 py-2 font-mono text-xs ${s.running < s.desired ? 'text-amber-700 dark:text-amber-400' : ''}`}
                data-testid="swarm-service-replicas"
              >
                {replicasText(s.running, s.desired)}
              </td>
              <td className="px-3 py-2 font-mono text-xs">{s.ports.map(portText).join(', ') || '—'}</td>
              <td className="px-3 py-2 text-xs">{s.stack ?? '—'}</td>
              <td
                className="px-3 py-2 text-xs text-slate-500"
                title={new Date(s.updatedAt).toLocaleString(locale)}
              >
                {formatRelative(Date.parse(s.updatedAt), locale)}
              </td>
              <td className="px-3 py-2 text-xs" title={s.updateStatus?.message}>
                {s.updateStatus?.state ?? '—'}
              </td>
            </tr>
          ))}
        </Table>
      )}
    </div>
  );
}
