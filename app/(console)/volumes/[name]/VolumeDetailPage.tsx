'use client';

import { ArrowLeft } from 'lucide-react';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useLocale, useTranslations } from 'next-intl';
import { useState } from 'react';
import { queryString } from '@/components/api/client';
import { useCan } from '@/components/auth/queries';
import { FileBrowser } from '@/components/files/FileBrowser';
import { Button } from '@/components/ui/Button';
import { CliCommand } from '@/components/ui/CliCommand';
import { ConfirmDialog } from '@/components/ui/ConfirmDialog';
import { JsonTree } from '@/components/ui/JsonTree';
import { queryGate } from '@/components/ui/QueryGate';
import { useRemoveVolumes, useUploadToVolume } from '@/components/volumes/mutations';
import { useVolume, useVolumeFiles, useVolumeUsage, volumePath } from '@/components/volumes/queries';
import { formatBytes } from '@/lib/format';
import { renderVolumeCommand, renderVolumeCopyCommand, renderVolumeShellCommand } from '@/lib/volumes/cli';
import type { VolumeDetail } from '@/lib/volumes/types';

const TABS = ['overview', 'files', 'inspect'] as const;
type Tab = (typeof TABS)[number];

export function VolumeDetailPage({ name }: { name: string }) {
  const t = useTranslations('volumes.detail');
  const [tab, setTab] = useState<Tab>('overview');
  const volume = useVolume(name);
  const canWrite = useCan('volumes:write');

  const gate = queryGate(volume, { loading: t('loading'), notFound: t('notFound', { name }) }, <BackLink />);
  if (gate || !volume.data) return gate;
  const info = volume.data;
  return (
    <div className="flex flex-col gap-4">
      <BackLink />
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-2xl font-semibold break-all" data-testid="volume-name">
          {info.name}
        </h1>
        {canWrite && <RemoveButton volume={info} />}
      </div>
      <div
        className="flex gap-1 overflow-x-auto border-b border-slate-200 dark:border-slate-800"
        role="tablist"
      >
        {TABS.map((key) => (
          <button
            key={key}
            role="tab"
            aria-selected={tab === key}
            onClick={() => setTab(key)}
            className={`border-b-2 px-3 py-2 text-sm whitespace-nowrap ${
              tab === key
                ? 'border-sky-600 font-medium text-sky-700 dark:text-sky-400'
                : 'border-transparent text-slate-600 dark:text-slate-300'
            }`}
          >
            {t(`tabs.${key}`)}
          </button>
        ))}
      </div>
      <div role="tabpanel">
        {tab === 'overview' && <Overview volume={info} />}
        {tab === 'files' && <FilesTab volume={info} canWrite={canWrite} />}
        {tab === 'inspect' && (
          <div className="flex flex-col gap-2">
            <CliCommand command={renderVolumeCommand({ action: 'inspect', name: info.name })} />
            <JsonTree data={info.raw} />
          </div>
        )}
      </div>
    </div>
  );
}

function BackLink() {
  const t = useTranslations('volumes.detail');
  return (
    <Link
      href="/volumes"
      className="inline-flex items-center gap-1 text-sm text-sky-700 hover:underline dark:text-sky-400"
    >
      <ArrowLeft className="h-4 w-4" aria-hidden />
      {t('back')}
    </Link>
  );
}

function RemoveButton({ volume }: { volume: VolumeDetail }) {
  const t = useTranslations('volumes.detail');
  const router = useRouter();
  const remove = useRemoveVolumes();
  const [open, setOpen] = useState(false);
  const users = volume.containers.map((c) => c.name);
  return (
    <>
      <Button variant="danger" onClick={() => setOpen(true)} data-testid="volume-remove">
        {t('remove')}
      </Button>
      <ConfirmDialog
        open={open}
        title={t('removeTitle', { name: volume.name })}
        command={renderVolumeCommand({ action: 'remove', names: [volume.name] })}
        confirmLabel={t('remove')}
        danger
        pending={remove.isPending}
        onCancel={() => setOpen(false)}
        onConfirm={() =>
          remove.mutate([volume.name], {
            onSuccess: () => router.push('/volumes'),
            onError: () => setOpen(false),
          })
        }
      >
        <p>{t('removeBody')}</p>
        {users.length > 0 && (
          <p className="mt-2 text-amber-700 dark:text-amber-400" data-testid="volume-in-use">
            {t('inUse', { names: users.join(', ') })}
          </p>
        )}
      </ConfirmDialog>
    </>
  );
}

function Overview({ volume }: { volume: VolumeDetail }) {
  const t = useTranslations('volumes.detail');
  const locale = useLocale();
  const usage = useVolumeUsage();
  const size = usage.data?.sizes[volume.name];
  const pairs = (record: Record<string, unknown>) =>
    Object.entries(record)
      .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
      .join('\n') || '—';
  const rows: [string, string][] = [
    [t('fields.name'), volume.name],
    [t('fields.driver'), volume.driver],
    [t('fields.scope'), volume.scope],
    [t('fields.mountpoint'), volume.mountpoint],
    [t('fields.created'), volume.created ? new Date(volume.created).toLocaleString(locale) : '—'],
    [t('fields.size'), size === undefined || size < 0 ? '—' : formatBytes(size, locale)],
    [t('fields.labels'), pairs(volume.labels)],
    [t('fields.options'), pairs(volume.options)],
    ...(volume.status ? ([[t('fields.status'), pairs(volume.status)]] as [string, string][]) : []),
  ];
  return (
    <div className="flex flex-col gap-4">
      <dl className="grid gap-x-6 gap-y-2 rounded-lg border border-slate-200 bg-white p-4 text-sm sm:grid-cols-[12rem_1fr] dark:border-slate-800 dark:bg-slate-900">
        {rows.map(([k, v]) => (
          <div key={k} className="contents">
            <dt className="text-slate-500">{k}</dt>
            <dd className="font-mono text-xs break-all whitespace-pre-wrap sm:text-sm">{v}</dd>
          </div>
        ))}
      </dl>
      <section className="rounded-lg border border-slate-200 bg-white p-4 text-sm dark:border-slate-800 dark:bg-slate-900">
        <h2 className="mb-2 font-semibold">{t('usedBy')}</h2>
        {volume.containers.length === 0 ? (
          <p className="text-slate-500" data-testid="volume-unused">
            {t('notUsed')}
          </p>
        ) : (
          <ul className="flex flex-col gap-1" data-testid="volume-users">
            {volume.containers.map((c) => (
              <li key={c.id} className="flex flex-wrap items-center gap-2">
                <Link
                  href={`/containers/${c.id}`}
                  className="font-medium text-sky-700 hover:underline dark:text-sky-400"
                >
                  {c.name}
                </Link>
                <span className="text-xs text-slate-500">{c.state}</span>
                <span className="font-mono text-xs">{t('mountedAt', { path: c.destination })}</span>
                {c.readOnly && <span className="text-xs text-amber-700">{t('readOnly')}</span>}
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}

function FilesTab({ volume, canWrite }: { volume: VolumeDetail; canWrite: boolean }) {
  const t = useTranslations('volumes.files');
  const [path, setPath] = useState('/');
  const mounted = volume.containers.length > 0;
  const files = useVolumeFiles(volume.name, path, mounted);
  const upload = useUploadToVolume(volume.name);
  if (!mounted) {
    return (
      <div className="flex max-w-3xl flex-col gap-3" data-testid="volume-files-unmounted">
        <p className="text-sm text-slate-600 dark:text-slate-300">{t('noContainer')}</p>
        <CliCommand command={renderVolumeShellCommand(volume.name)} />
      </div>
    );
  }
  const target = files.data?.target;
  return (
    <div className="flex flex-col gap-3">
      {target && (
        <p className="text-sm text-slate-600 dark:text-slate-300" data-testid="volume-files-through">
          {t('through', { name: target.container.name, path: target.destination })}{' '}
          {target.readOnly && t('readOnly')}
        </p>
      )}
      <FileBrowser
        path={path}
        onNavigate={setPath}
        files={files}
        archiveUrl={(p, format) => `${volumePath(volume.name)}/archive${queryString({ path: p, format })}`}
        upload={
          canWrite && target && !target.readOnly
            ? { run: (file, dir) => upload.mutate({ dir, file }), pending: upload.isPending }
            : undefined
        }
        command={
          target
            ? renderVolumeCopyCommand(target.container.name, target.destination, path, 'from')
            : renderVolumeShellCommand(volume.name)
        }
      />
    </div>
  );
}
