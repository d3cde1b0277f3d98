'use client';

import { useLocale, useTranslations } from 'next-intl';
import { useState } from 'react';
import { queryString } from '@/components/api/client';
import { useCan } from '@/components/auth/queries';
import { BackLink } from '@/components/detail/BackLink';
import { DetailTabs } from '@/components/detail/DetailTabs';
import { DetailTitle } from '@/components/detail/DetailTitle';
import { type Field, FieldList, pairLines } from '@/components/detail/FieldList';
import { InspectPanel } from '@/components/detail/InspectPanel';
import { RemoveButton } from '@/components/detail/RemoveButton';
import Link from '@/components/environments/EnvLink';
import { useRouter } from '@/components/environments/navigation';
import { FileBrowser } from '@/components/files/FileBrowser';
import { CliCommand } from '@/components/ui/CliCommand';
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
  // Viewers only when an admin allows it (settings.viewerAccess); the server refuses them regardless.
  const canReadFiles = useCan('volumes:files');

  const back = <BackLink href="/volumes" label={t('back')} />;
  const gate = queryGate(volume, { loading: t('loading'), notFound: t('notFound', { name }) }, back);
  if (gate || !volume.data) return gate;
  const info = volume.data;
  return (
    <div className="flex flex-col gap-4">
      {back}
      <DetailTitle title={info.name} testId="volume-name">
        {canWrite && <RemoveVolume volume={info} />}
      </DetailTitle>
      <DetailTabs tabs={TABS} value={tab} onChange={setTab} label={(key) => t(`tabs.${key}`)}>
        {tab === 'overview' && <Overview volume={info} />}
        {tab === 'files' &&
          (canReadFiles ? (
            <FilesTab volume={info} canWrite={canWrite} />
          ) : (
            <p className="text-sm text-slate-600 dark:text-slate-300" data-testid="volume-files-refused">
              {t('filesRefused')}
            </p>
          ))}
        {tab === 'inspect' && (
          <InspectPanel
            command={renderVolumeCommand({ action: 'inspect', name: info.name })}
            data={info.raw}
          />
        )}
      </DetailTabs>
    </div>
  );
}

function RemoveVolume({ volume }: { volume: VolumeDetail }) {
  const t = useTranslations('volumes.detail');
  const router = useRouter();
  const remove = useRemoveVolumes();
  const users = volume.containers.map((c) => c.name);
  return (
    <RemoveButton
      label={t('remove')}
      title={t('removeTitle', { name: volume.name })}
      command={renderVolumeCommand({ action: 'remove', names: [volume.name] })}
      testId="volume-remove"
      pending={remove.isPending}
      onConfirm={(close) =>
        remove.mutate([volume.name], {
          onSuccess: () => router.push('/volumes'),
          onError: close,
        })
      }
    >
      <p>{t('removeBody')}</p>
      {users.length > 0 && (
        <p className="mt-2 text-amber-700 dark:text-amber-400" data-testid="volume-in-use">
          {t('inUse', { names: users.join(', ') })}
        </p>
      )}
    </RemoveButton>
  );
}

function Overview({ volume }: { volume: VolumeDetail }) {
  const t = useTranslations('volumes.detail');
  const locale = useLocale();
  const usage = useVolumeUsage();
  const size = usage.data?.sizes[volume.name];
  const rows: Field[] = [
    [t('fields.name'), volume.name],
    [t('fields.driver'), volume.driver],
    [t('fields.scope'), volume.scope],
    [t('fields.mountpoint'), volume.mountpoint],
    [t('fields.created'), volume.created ? new Date(volume.created).toLocaleString(locale) : '—'],
    [t('fields.size'), size === undefined || size < 0 ? '—' : formatBytes(size, locale)],
    [t('fields.labels'), pairLines(volume.labels)],
    [t('fields.options'), pairLines(volume.options)],
  ];
  if (volume.status) rows.push([t('fields.status'), pairLines(volume.status)]);
  return (
    <div className="flex flex-col gap-4">
      <FieldList fields={rows} />
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
