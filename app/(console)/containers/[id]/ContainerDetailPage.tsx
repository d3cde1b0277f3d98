'use client';

import { useLocale, useTranslations } from 'next-intl';
import { useState } from 'react';
import { useCan } from '@/components/auth/queries';
import { useContainerAction, useRemoveContainer } from '@/components/containers/mutations';
import { useContainer } from '@/components/containers/queries';
import { StateBadge } from '@/components/containers/StateBadge';
import { BackLink } from '@/components/detail/BackLink';
import { DetailTabs } from '@/components/detail/DetailTabs';
import { DetailTitle } from '@/components/detail/DetailTitle';
import { DownloadLink } from '@/components/detail/DownloadLink';
import { type Field, FieldList } from '@/components/detail/FieldList';
import { InspectPanel } from '@/components/detail/InspectPanel';
import { useRouter, useSearchParams } from '@/components/environments/navigation';
import { UpdateBadge } from '@/components/images/UpdateBadge';
import { useImageUpdates } from '@/components/images/updates';
import { Button } from '@/components/ui/Button';
import { ConfirmDialog } from '@/components/ui/ConfirmDialog';
import { queryGate } from '@/components/ui/QueryGate';
import { type ContainerActionInput, toCliCommand } from '@/lib/containers/actions';
import { renderContainerCommand } from '@/lib/containers/cli';
import type { ContainerDetail, HealthState } from '@/lib/containers/types';
import type { UpdatableHostConfig } from '@/lib/containers/update-form';
import { containerTagReference } from '@/lib/images/updates';
import { ChangesTab } from './ChangesTab';
import { FilesTab } from './FilesTab';
import { composeProject, HistorySection } from './HistorySection';
import { LogsTab } from './LogsTab';
import { ProcessesTab } from './ProcessesTab';
import { RecreateDialog } from './RecreateDialog';
import { StatsTab } from './StatsTab';
import { TerminalTab } from './TerminalTab';
import { UpdateDialog } from './UpdateDialog';

const TABS = ['overview', 'stats', 'logs', 'terminal', 'processes', 'changes', 'files', 'inspect'] as const;
type Tab = (typeof TABS)[number];

type Dialog =
  | null
  | 'remove'
  | 'rename'
  | 'commit'
  | 'stop'
  | 'restart'
  | 'kill'
  | 'update'
  | 'recreate'
  | 'pull-recreate';

export function ContainerDetailPage({ id }: { id: string }) {
  const t = useTranslations('detail');
  const requested = useSearchParams().get('tab');
  const [tab, setTab] = useState<Tab>(TABS.find((key) => key === requested) ?? 'overview');
  const container = useContainer(id);
  const canWrite = useCan('containers:write');
  const canExec = useCan('containers:exec');
  // Viewers only when an admin allows it (settings.viewerAccess); the server refuses them regardless.
  const canReadFiles = useCan('containers:files');

  const back = <BackLink href="/containers" label={t('back')} />;
  const gate = queryGate(container, { loading: t('loading'), notFound: t('notFound', { id }) }, back);
  if (gate || !container.data) return gate;
  const info = container.data;
  const { name, state } = info;

  return (
    <div className="flex flex-col gap-4">
      {back}
      <DetailTitle title={name} testId="container-name">
        <StateBadge state={state} health={(info.health?.status as HealthState | undefined) ?? null} />
      </DetailTitle>
      <ActionBar info={info} name={name} canWrite={canWrite} canExport={canReadFiles} />
      <DetailTabs
        tabs={TABS.filter((key) => key !== 'terminal' || canExec)}
        value={tab}
        onChange={setTab}
        label={(key) => t(`tabs.${key}`)}
      >
        {tab === 'overview' && <Overview info={info} />}
        {tab === 'inspect' && (
          <InspectPanel
            command={renderContainerCommand({ action: 'inspect', targets: [name] })}
            data={info.inspect}
          />
        )}
        {tab === 'processes' && (
          <ProcessesTab id={info.id} name={name} running={state === 'running' || state === 'paused'} />
        )}
        {tab === 'changes' && <ChangesTab id={info.id} name={name} />}
        {tab === 'logs' && <LogsTab id={info.id} name={name} />}
        {tab === 'stats' && (
          <div className="flex flex-col gap-6">
            <StatsTab id={info.id} name={name} running={state === 'running'} />
            <HistorySection name={name} project={composeProject(info.inspect)} />
          </div>
        )}
        {tab === 'terminal' && canExec && (
          <TerminalTab id={info.id} name={name} running={state === 'running'} />
        )}
        {tab === 'files' &&
          (canReadFiles ? (
            <FilesTab id={info.id} name={name} canWrite={canWrite} />
          ) : (
            <p className="text-sm text-slate-600 dark:text-slate-300" data-testid="files-refused">
              {t('files.refused')}
            </p>
          ))}
      </DetailTabs>
    </div>
  );
}

function ActionBar({
  info,
  name,
  canWrite,
  canExport,
}: {
  info: ContainerDetail;
  name: string;
  canWrite: boolean;
  canExport: boolean;
}) {
  const t = useTranslations('containers.actions');
  const td = useTranslations('detail');
  const router = useRouter();
  const action = useContainerAction(info.id);
  const updates = useImageUpdates();
  const reference = containerTagReference(info.image, String(info.inspect.Image ?? ''))?.familiar;
  const update = updates.data?.find((u) => u.reference === reference && u.status === 'available');
  const remove = useRemoveContainer(info.id);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [removeOpts, setRemoveOpts] = useState({ force: false, volumes: false });
  const [newName, setNewName] = useState('');
  const [commit, setCommit] = useState({ repo: '', tag: '', message: '' });
  const running = info.running && !info.paused;
  const paused = info.paused;

  const run = (input: ContainerActionInput) => action.mutate(input, { onSuccess: () => setDialog(null) });
  const cmd = (input: ContainerActionInput) => renderContainerCommand(toCliCommand(input, name));

  const commitInput: ContainerActionInput = {
    action: 'commit',
    ...(commit.repo ? { repo: commit.repo } : {}),
    ...(commit.tag ? { tag: commit.tag } : {}),
    ...(commit.message ? { message: commit.message } : {}),
  };

  const buttons: { key: string; show: boolean; onClick: () => void; danger?: boolean }[] = [
    { key: 'start', show: !info.running, onClick: () => run({ action: 'start' }) },
    { key: 'stop', show: info.running, onClick: () => setDialog('stop') },
    { key: 'restart', show: info.running, onClick: () => setDialog('restart') },
    { key: 'kill', show: info.running, onClick: () => setDialog('kill') },
    { key: 'pause', show: running, onClick: () => run({ action: 'pause' }) },
    { key: 'unpause', show: paused, onClick: () => run({ action: 'unpause' }) },
    {
      key: 'rename',
      show: true,
      onClick: () => {
        setNewName(name);
        setDialog('rename');
      },
    },
    { key: 'update', show: true, onClick: () => setDialog('update') },
    { key: 'edit', show: true, onClick: () => router.push(`/containers/${info.id}/edit`) },
    { key: 'duplicate', show: true, onClick: () => router.push(`/containers/new?from=${info.id}`) },
    { key: 'recreate', show: true, onClick: () => setDialog('recreate') },
    { key: 'pullRecreate', show: !!update, onClick: () => setDialog('pull-recreate') },
    { key: 'commit', show: true, onClick: () => setDialog('commit') },
    { key: 'remove', show: true, onClick: () => setDialog('remove'), danger: true },
  ];

  return (
    <div className="flex flex-wrap items-center gap-2">
      {update && <UpdateBadge status={update} />}
      {buttons
        .filter((b) => b.show && canWrite)
        .map((b) => (
          <Button
            key={b.key}
            variant={b.danger ? 'danger' : 'secondary'}
            onClick={b.onClick}
            disabled={action.isPending}
            data-testid={`action-${b.key}`}
          >
            {t(b.key)}
          </Button>
        ))}
      {canExport && (
        <DownloadLink
          href={`/api/containers/${encodeURIComponent(info.id)}/export`}
          title={renderContainerCommand({ action: 'export', targets: [name], output: `${name}.tar` })}
          label={t('export')}
        />
      )}

      {(dialog === 'recreate' || dialog === 'pull-recreate') && (
        <RecreateDialog
          id={info.id}
          name={name}
          pullFirst={dialog === 'pull-recreate'}
          onClose={() => setDialog(null)}
        />
      )}
      {dialog === 'update' && (
        <UpdateDialog
          id={info.id}
          name={name}
          host={(info.inspect.HostConfig ?? {}) as UpdatableHostConfig}
          onClose={() => setDialog(null)}
        />
      )}
      {(dialog === 'stop' || dialog === 'restart' || dialog === 'kill') && (
        <ConfirmDialog
          open
          title={td('confirmAction', { action: dialog, name })}
          command={cmd({ action: dialog })}
          confirmLabel={t(dialog)}
          danger={dialog === 'kill'}
          pending={action.isPending}
          onCancel={() => setDialog(null)}
          onConfirm={() => run({ action: dialog })}
        />
      )}
      <ConfirmDialog
        open={dialog === 'remove'}
        title={td('confirmRemove', { name })}
        command={renderContainerCommand({ action: 'remove', targets: [name], ...removeOpts })}
        confirmLabel={t('remove')}
        danger
        pending={remove.isPending}
        onCancel={() => setDialog(null)}
        onConfirm={() => remove.mutate(removeOpts, { onSuccess: () => router.push('/containers') })}
      >
        <div className="flex flex-col gap-2">
          <label className="flex items-center gap-2">
            <input
              type="checkbox"
              checked={removeOpts.force}
              onChange={(e) => setRemoveOpts((o) => ({ ...o, force: e.target.checked }))}
            />
            {td('removeForce')}
          </label>
          <label className="flex items-center gap-2">
            <input
              type="checkbox"
              checked={removeOpts.volumes}
              onChange={(e) => setRemoveOpts((o) => ({ ...o, volumes: e.target.checked }))}
            />
            {td('removeVolumes')}
          </label>
        </div>
      </ConfirmDialog>
      <ConfirmDialog
        open={dialog === 'rename'}
        title={td('renameTitle', { name })}
        command={cmd({ action: 'rename', name: newName || '…' })}
        confirmLabel={t('rename')}
        pending={action.isPending}
        onCancel={() => setDialog(null)}
        onConfirm={() => run({ action: 'rename', name: newName })}
      >
        <input
          aria-label={td('newName')}
          value={newName}
          onChange={(e) => setNewName(e.target.value)}
          className="w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm dark:border-slate-700 dark:bg-slate-950"
        />
      </ConfirmDialog>
      <ConfirmDialog
        open={dialog === 'commit'}
        title={td('commitTitle', { name })}
        command={cmd(commitInput)}
        confirmLabel={t('commit')}
        pending={action.isPending}
        onCancel={() => setDialog(null)}
        onConfirm={() => run(commitInput)}
      >
        <div className="grid gap-2 sm:grid-cols-2">
          <input
            placeholder={td('repository')}
            aria-label={td('repository')}
            value={commit.repo}
            onChange={(e) => setCommit((c) => ({ ...c, repo: e.target.value }))}
            className="rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm dark:border-slate-700 dark:bg-slate-950"
          />
          <input
            placeholder={td('tag')}
            aria-label={td('tag')}
            value={commit.tag}
            onChange={(e) => setCommit((c) => ({ ...c, tag: e.target.value }))}
            className="rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm dark:border-slate-700 dark:bg-slate-950"
          />
          <input
            placeholder={td('message')}
            aria-label={td('message')}
            value={commit.message}
            onChange={(e) => setCommit((c) => ({ ...c, message: e.target.value }))}
            className="rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm sm:col-span-2 dark:border-slate-700 dark:bg-slate-950"
          />
        </div>
      </ConfirmDialog>
    </div>
  );
}

function Overview({ info }: { info: ContainerDetail }) {
  const t = useTranslations('detail.overview');
  const locale = useLocale();
  const date = (iso: string | null) => (iso ? new Date(iso).toLocaleString(locale) : '—');
  const { health } = info;
  const ports = info.ports.map((p) =>
    p.hostPort ? `${p.hostIp || '0.0.0.0'}:${p.hostPort} → ${p.port}` : p.port,
  );
  const rows: Field[] = [
    [t('id'), info.id],
    [t('image'), info.image],
    [t('command'), info.command || '—'],
    [t('created'), date(info.created)],
    [t('status'), info.state],
    [t('exitCode'), String(info.exitCode)],
    [t('started'), date(info.startedAt)],
    [t('finished'), date(info.finishedAt)],
    [t('restartCount'), String(info.restartCount)],
    [t('restartPolicy'), info.restartPolicy],
    [t('ports'), ports.join(', ') || '—'],
    [t('networks'), info.networks.map((n) => `${n.name} ${n.ip}`.trim()).join(', ') || '—'],
    [
      t('mounts'),
      info.mounts.map((m) => `${m.source}:${m.destination}${m.readOnly ? ':ro' : ''}`).join(', ') || '—',
    ],
  ];
  return (
    <div className="flex flex-col gap-4">
      <FieldList fields={rows} valueClassName="font-mono text-xs break-all sm:text-sm" />
      <Environment env={info.env} />
      {health && (
        <section className="rounded-lg border border-slate-200 bg-white p-4 text-sm dark:border-slate-800 dark:bg-slate-900">
          <h2 className="mb-2 font-semibold">
            {t('health')}: {health.status} · {t('failingStreak', { count: health.failingStreak })}
          </h2>
          <ul className="flex flex-col gap-1 font-mono text-xs">
            {health.log.map((entry) => (
              <li key={entry.start ?? entry.output}>
                {date(entry.start)} · exit {entry.exitCode} · {entry.output}
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}

/** Names always; a value the caller may not read (settings.viewerAccess) arrives as null and reads "hidden". */
function Environment({ env }: { env: ContainerDetail['env'] }) {
  const t = useTranslations('detail.overview');
  const masked = env.some((v) => v.value === null);
  return (
    <section
      className="rounded-lg border border-slate-200 bg-white p-4 text-sm dark:border-slate-800 dark:bg-slate-900"
      data-testid="container-env"
    >
      <h2 className="mb-2 font-semibold">{t('env')}</h2>
      {env.length === 0 ? (
        <p className="text-slate-500">{t('envNone')}</p>
      ) : (
        <ul className="flex flex-col gap-1 font-mono text-xs break-all sm:text-sm">
          {env.map((v, i) => (
            // A name may repeat (the engine keeps duplicates), so the position is part of the key.
            // biome-ignore lint/suspicious/noArrayIndexKey: the list is static for one render of the detail
            <li key={`${i}-${v.name}`}>
              {v.name}=
              {v.value === null ? (
                <span className="rounded bg-slate-100 px-1 text-slate-500 italic dark:bg-slate-800">
                  {t('envMasked')}
                </span>
              ) : (
                v.value
              )}
            </li>
          ))}
        </ul>
      )}
      {masked && <p className="mt-2 text-xs text-slate-500">{t('envMaskedNote')}</p>}
    </section>
  );
}
