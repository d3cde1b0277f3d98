'use client';

import { RefreshCw } from 'lucide-react';
import Link from 'next/link';
import { useLocale, useTranslations } from 'next-intl';
import { useState } from 'react';
import { useCan } from '@/components/auth/queries';
import { renderContextCommand, renderInfoCommand } from '@/components/environments/cli';
import { EnvironmentForm } from '@/components/environments/EnvironmentForm';
import { switchEnvHref } from '@/components/environments/paths';
import {
  useEnvironmentStatuses,
  useEnvironments,
  useRemoveEnvironment,
  useSavedCheck,
} from '@/components/environments/queries';
import { Button } from '@/components/ui/Button';
import { CliCommand } from '@/components/ui/CliCommand';
import { ConfirmDialog } from '@/components/ui/ConfirmDialog';
import type { EnvironmentStatus, EnvironmentView } from '@/lib/environments/types';
import { formatBytes, formatRelative } from '@/lib/format';

/** The home of all environments: each engine's state now, a way onto it, and (admins) their management. */
export function EnvironmentsPage() {
  const t = useTranslations('environments');
  const isAdmin = useCan('environments:admin');
  const list = useEnvironments();
  const statuses = useEnvironmentStatuses();
  const remove = useRemoveEnvironment();
  const [editing, setEditing] = useState<EnvironmentView | 'new' | null>(null);
  const [removing, setRemoving] = useState<EnvironmentView | null>(null);
  const byId = new Map(statuses.data?.map((s) => [s.id, s]));
  const envs = list.data ?? [];

  return (
    <div className="flex flex-col gap-4">
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-2xl font-semibold">{t('title')}</h1>
        <div className="ml-auto flex gap-2">
          <Button
            onClick={() => {
              void list.refetch();
              void statuses.refetch();
            }}
            disabled={statuses.isFetching}
          >
            <RefreshCw className={`h-4 w-4 ${statuses.isFetching ? 'animate-spin' : ''}`} aria-hidden />
            {t('refresh')}
          </Button>
          {isAdmin && editing === null && (
            <Button variant="primary" onClick={() => setEditing('new')}>
              {t('add')}
            </Button>
          )}
        </div>
      </div>
      <p className="text-sm text-slate-600 dark:text-slate-300">{t('intro')}</p>
      <CliCommand command="docker context ls" />
      {isAdmin && editing !== null && (
        <EnvironmentForm
          key={editing === 'new' ? 'new' : editing.id}
          environment={editing === 'new' ? null : editing}
          onDone={() => setEditing(null)}
        />
      )}
      {list.isError && (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400" data-testid="environments-error">
          {t('listError', { message: list.error.message })}
        </p>
      )}
      {statuses.isError && (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400" data-testid="statuses-error">
          {t('statusError', { message: statuses.error.message })}
        </p>
      )}
      {list.isLoading && <p className="text-sm text-slate-500">{t('loading')}</p>}
      <div className="grid gap-4 lg:grid-cols-2">
        {envs.map((env) => (
          <EnvironmentCard
            key={env.id}
            env={env}
            status={byId.get(env.id)}
            statusLoading={statuses.isLoading}
            isAdmin={isAdmin}
            onEdit={() => setEditing(env)}
            onRemove={() => setRemoving(env)}
          />
        ))}
      </div>
      <ConfirmDialog
        open={removing !== null}
        title={removing ? t('confirmRemove', { name: removing.name }) : ''}
        command={removing ? `docker context rm ${removing.id}` : undefined}
        confirmLabel={t('remove')}
        danger
        pending={remove.isPending}
        onCancel={() => setRemoving(null)}
        onConfirm={() => removing && remove.mutate(removing.id, { onSuccess: () => setRemoving(null) })}
      >
        <p>{t('removeBody')}</p>
      </ConfirmDialog>
    </div>
  );
}

function EnvironmentCard({
  env,
  status,
  statusLoading,
  isAdmin,
  onEdit,
  onRemove,
}: {
  env: EnvironmentView;
  status: EnvironmentStatus | undefined;
  statusLoading: boolean;
  isAdmin: boolean;
  onEdit: () => void;
  onRemove: () => void;
}) {
  const t = useTranslations('environments');
  const tr = useTranslations('realtimeEnv');
  const locale = useLocale();
  const check = useSavedCheck();
  const dash = '—';
  return (
    <section
      className="flex flex-col gap-3 rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900"
      data-testid="environment-card"
      data-id={env.id}
      aria-label={env.name}
    >
      <div className="flex flex-wrap items-center gap-2">
        <h2 className="text-lg font-semibold">{env.name}</h2>
        <span className="font-mono text-xs text-slate-500">{env.id}</span>
        {status ? (
          <span
            data-testid="environment-reachable"
            className={`rounded-full px-2 py-0.5 text-xs font-medium ${
              status.reachable
                ? 'bg-green-100 text-green-800 dark:bg-green-950 dark:text-green-300'
                : 'bg-red-100 text-red-800 dark:bg-red-950 dark:text-red-300'
            }`}
          >
            {status.reachable ? t('reachable') : t('unreachable')}
          </span>
        ) : (
          statusLoading && <span className="text-xs text-slate-500">{t('checking')}</span>
        )}
        {env.builtIn && <span className="text-xs text-slate-500">{t('builtIn')}</span>}
        <Link
          href={switchEnvHref('/containers', '', env.id)}
          className="ml-auto rounded-md bg-sky-600 px-3 py-1 text-sm font-medium text-white hover:bg-sky-700"
          data-testid="environment-open"
        >
          {t('open')}
        </Link>
      </div>
      <p
        className="font-mono text-xs break-all text-slate-600 dark:text-slate-300"
        data-testid="environment-address"
      >
        {env.address}
        {env.tls && ` · ${t('tls')}`}
        {env.hasSshKey && ` · ${t('sshKey')}`}
      </p>
      {status && !status.reachable && (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400" data-testid="environment-problem">
          {status.problem ? t(`problems.${status.problem}`) : t('problems.unreachable')}
          {status.error && <span className="block font-mono text-xs">{status.error}</span>}
        </p>
      )}
      {status?.reachable && (
        <dl className="grid grid-cols-2 gap-x-4 gap-y-1 text-sm sm:grid-cols-3">
          <Fact label={t('facts.version')} testId="environment-version">
            {status.version ?? dash}
          </Fact>
          <Fact label={t('facts.apiVersion')}>{status.apiVersion ?? dash}</Fact>
          <Fact label={t('facts.os')}>{status.os ?? dash}</Fact>
          <Fact label={t('facts.containers')}>
            {status.containers
              ? t('facts.containerCounts', {
                  running: status.containers.running,
                  stopped: status.containers.stopped,
                  paused: status.containers.paused,
                })
              : dash}
          </Fact>
          <Fact label={t('facts.images')}>{status.images ?? dash}</Fact>
          <Fact label={t('facts.cpus')}>{status.cpus ?? dash}</Fact>
          <Fact label={t('facts.memory')}>
            {status.memory === null ? dash : formatBytes(status.memory, locale)}
          </Fact>
          <Fact label={t('facts.swarm')}>{status.swarm ? t(`swarm.${status.swarm}`) : dash}</Fact>
          <Fact label={t('facts.lastEvent')}>
            {status.lastEvent === null ? (
              dash
            ) : (
              <span data-testid="environment-last-event" title={status.lastEvent.time}>
                {tr('lastEvent', {
                  action: status.lastEvent.action,
                  type: status.lastEvent.type,
                  actor: status.lastEvent.actor,
                  when: formatRelative(Date.parse(status.lastEvent.time), locale),
                })}
              </span>
            )}
          </Fact>
        </dl>
      )}
      {status && (
        <p className="text-xs text-slate-500">
          {t('checkedAt', { when: formatRelative(status.checkedAt, locale) })}
        </p>
      )}
      <CliCommand command={renderInfoCommand(env)} />
      {!env.builtIn && (
        <details className="text-xs">
          <summary className="cursor-pointer text-slate-500">{t('contextHint')}</summary>
          <CliCommand className="mt-1" command={renderContextCommand(env)} />
        </details>
      )}
      {check.data && (
        <p
          className={`text-sm ${check.data.ok ? 'text-green-700 dark:text-green-400' : 'text-red-700 dark:text-red-400'}`}
          data-testid="environment-check-result"
        >
          {check.data.ok
            ? t('checkOk', { version: check.data.version ?? '?', api: check.data.apiVersion ?? '?' })
            : `${t(`problems.${check.data.problem ?? 'unreachable'}`)}${check.data.error ? ` (${check.data.error})` : ''}`}
        </p>
      )}
      {isAdmin && (
        <div className="flex flex-wrap gap-2">
          <Button
            className="px-2 py-1 text-xs"
            disabled={check.isPending}
            onClick={() => check.mutate(env.id)}
          >
            {t('checkNow')}
          </Button>
          {!env.builtIn && (
            <>
              <Button className="px-2 py-1 text-xs" onClick={onEdit}>
                {t('edit')}
              </Button>
              <Button variant="danger" className="px-2 py-1 text-xs" onClick={onRemove}>
                {t('remove')}
              </Button>
            </>
          )}
        </div>
      )}
    </section>
  );
}

function Fact({ label, testId, children }: { label: string; testId?: string; children: React.ReactNode }) {
  return (
    <div className="flex flex-col">
      <dt className="text-xs text-slate-500">{label}</dt>
      <dd className="font-medium" data-testid={testId}>
        {children}
      </dd>
    </div>
  );
}
