'use client';

import { useLocale, useTranslations } from 'next-intl';
import { useMemo, useState } from 'react';
import { useCan } from '@/components/auth/queries';
import Link from '@/components/environments/EnvLink';
import { ListError } from '@/components/list/ListError';
import { CreateLink, ListHeader } from '@/components/list/ListHeader';
import { FilterTabs, ListToolbar, SearchBox } from '@/components/list/ListToolbar';
import { useAdoptStack } from '@/components/stacks/mutations';
import { useStacks } from '@/components/stacks/queries';
import { StackOriginBadge, StackStatusBadge } from '@/components/stacks/StackBadges';
import { Button } from '@/components/ui/Button';
import { CliCommand } from '@/components/ui/CliCommand';
import { Table } from '@/components/ui/Table';
import { formatRelative } from '@/lib/format';
import {
  filterStacks,
  formatStackPort,
  STACK_ORIGIN_FILTERS,
  type StackOriginFilter,
} from '@/lib/stacks/list';
import type { StackSummary } from '@/lib/stacks/types';

/** Every Compose project on the engine: Berth's, adopted, and the ones started elsewhere (issue 14). */
export function StacksPage() {
  const t = useTranslations('stacks');
  const [search, setSearch] = useState('');
  const [origin, setOrigin] = useState<StackOriginFilter>('all');
  const list = useStacks();
  const canWrite = useCan('stacks:write');
  const rows = useMemo(() => filterStacks(list.data ?? [], search, origin), [list.data, search, origin]);
  const empty = list.data?.length === 0;

  return (
    <div className="flex flex-col gap-4">
      <ListHeader
        title={t('title')}
        count={t('count', { shown: rows.length, total: list.data?.length ?? 0 })}
        countTestId="stack-count"
      >
        {canWrite && <CreateLink href="/stacks/new" label={t('create')} className="ml-auto" />}
      </ListHeader>
      <ListToolbar>
        <FilterTabs
          options={STACK_ORIGIN_FILTERS}
          value={origin}
          onChange={setOrigin}
          label={(f) => t(`filters.${f}`)}
        />
        <SearchBox value={search} onChange={setSearch} label={t('search')} />
      </ListToolbar>
      {list.isError && !list.data ? (
        <ListError message={list.error.message} role="alert" />
      ) : empty ? (
        <EmptyStacks canWrite={canWrite} />
      ) : (
        <Table
          testId="stack-table"
          columns={[
            t('columns.name'),
            t('columns.status'),
            t('columns.services'),
            t('columns.containers'),
            t('columns.ports'),
            '',
          ]}
          after={
            rows.length === 0 && (
              <p className="p-6 text-center text-sm text-slate-500">
                {list.isLoading ? t('loading') : t('noMatch')}
              </p>
            )
          }
        >
          {rows.map((s) => (
            <StackRow key={s.name} stack={s} />
          ))}
        </Table>
      )}
    </div>
  );
}

function StackRow({ stack: s }: { stack: StackSummary }) {
  const t = useTranslations('stacks');
  const locale = useLocale();
  const canAdopt = useCan('stacks:adopt');
  const adopt = useAdoptStack();
  const ports = s.ports.map(formatStackPort);
  return (
    <tr
      className="border-b border-slate-100 align-top last:border-0 dark:border-slate-800"
      data-testid="stack-row"
      data-name={s.name}
      data-origin={s.origin}
    >
      <td className="px-3 py-2">
        <div className="flex flex-wrap items-center gap-2">
          <Link
            href={`/stacks/${encodeURIComponent(s.name)}`}
            className="font-medium text-sky-700 hover:underline dark:text-sky-400"
          >
            {s.name}
          </Link>
          <StackOriginBadge origin={s.origin} />
        </div>
        {s.origin === 'external' ? (
          <div
            className="mt-1 flex flex-col gap-0.5 font-mono text-xs text-slate-500"
            data-testid="stack-files"
          >
            {s.configFiles.map((f) => (
              <span key={f} className="break-all">
                {f}
              </span>
            ))}
            {s.workingDir && <span className="break-all">{t('workingDir', { dir: s.workingDir })}</span>}
          </div>
        ) : (
          s.updatedAt && (
            <div className="text-xs text-slate-500">
              {t('updated', { time: formatRelative(s.updatedAt, locale) })}
            </div>
          )
        )}
      </td>
      <td className="px-3 py-2">
        <StackStatusBadge status={s.status} />
      </td>
      <td className="px-3 py-2 text-xs">{s.services.join(', ') || '—'}</td>
      <td className="px-3 py-2 text-xs tabular-nums" data-testid="stack-containers">
        {t('running', { running: s.running, total: s.containers })}
      </td>
      <td className="px-3 py-2 font-mono text-xs">
        {ports.length
          ? ports.map((p) => (
              <div key={p} className="whitespace-nowrap">
                {p}
              </div>
            ))
          : '—'}
      </td>
      <td className="px-3 py-2 text-right">
        {s.origin === 'external' && canAdopt && (
          <Button
            onClick={() => adopt.mutate(s.name)}
            disabled={adopt.isPending}
            title={t('adoptHint')}
            data-testid="stack-adopt"
          >
            {t('adopt')}
          </Button>
        )}
      </td>
    </tr>
  );
}

/** No stack yet: what a stack is, and how one starts, in Compose's own words. */
function EmptyStacks({ canWrite }: { canWrite: boolean }) {
  const t = useTranslations('stacks.empty');
  return (
    <div
      className="flex flex-col gap-3 rounded-lg border border-dashed border-slate-300 p-6 text-sm dark:border-slate-700"
      data-testid="stacks-empty"
    >
      <h2 className="text-base font-semibold">{t('title')}</h2>
      <p className="text-slate-600 dark:text-slate-300">{t('intro')}</p>
      <pre className="rounded-md bg-slate-100 p-3 font-mono text-xs dark:bg-slate-800">{`services:
  web:
    image: nginx:alpine
    ports:
      - "127.0.0.1:8080:80"`}</pre>
      <p className="text-slate-600 dark:text-slate-300">{t('cli')}</p>
      <CliCommand command="docker compose -p hello up -d" />
      <p className="text-slate-600 dark:text-slate-300">{t('found')}</p>
      {canWrite && <CreateLink href="/stacks/new" label={t('create')} className="self-start" />}
    </div>
  );
}
