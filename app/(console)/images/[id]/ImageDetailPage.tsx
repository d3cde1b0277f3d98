'use client';

import { Upload } from 'lucide-react';
import { useLocale, useTranslations } from 'next-intl';
import { useState } from 'react';
import { queryString } from '@/components/api/client';
import { useCan } from '@/components/auth/queries';
import { BackLink } from '@/components/detail/BackLink';
import { DetailTabs } from '@/components/detail/DetailTabs';
import { DetailTitle } from '@/components/detail/DetailTitle';
import { DownloadLink } from '@/components/detail/DownloadLink';
import { type Field, FieldList } from '@/components/detail/FieldList';
import { InspectPanel } from '@/components/detail/InspectPanel';
import Link from '@/components/environments/EnvLink';
import { useRouter } from '@/components/environments/navigation';
import { useRemoveImages, useTagImage } from '@/components/images/mutations';
import { useImage, useImageHistory } from '@/components/images/queries';
import { TransferProgress } from '@/components/images/TransferProgress';
import { startTransfer, useTransfers } from '@/components/images/transfers';
import { Button } from '@/components/ui/Button';
import { CliCommand } from '@/components/ui/CliCommand';
import { ConfirmDialog } from '@/components/ui/ConfirmDialog';
import { queryGate } from '@/components/ui/QueryGate';
import { formatBytes, formatRelative, shortId } from '@/lib/format';
import { renderImageCommand } from '@/lib/images/cli';
import { parseImageReference } from '@/lib/images/reference';
import type { ImageDetail } from '@/lib/images/types';

const TABS = ['overview', 'history', 'inspect'] as const;
type Tab = (typeof TABS)[number];

export function ImageDetailPage({ id }: { id: string }) {
  const t = useTranslations('images.detail');
  const [tab, setTab] = useState<Tab>('overview');
  const image = useImage(id);

  const back = <BackLink href="/images" label={t('back')} />;
  const gate = queryGate(image, { loading: t('loading'), notFound: t('notFound', { id }) }, back);
  if (gate || !image.data) return gate;
  const detail = image.data;
  const name = detail.tags[0] ?? shortId(detail.id);
  return (
    <div className="flex flex-col gap-4">
      {back}
      <DetailTitle title={name} testId="image-name" />
      <ActionBar id={detail.id} tags={detail.tags} name={name} inUse={detail.containers.length > 0} />
      <DetailTabs tabs={TABS} value={tab} onChange={setTab} label={(key) => t(`tabs.${key}`)}>
        {tab === 'overview' && <Overview detail={detail} />}
        {tab === 'history' && <HistoryTab id={detail.id} name={name} />}
        {tab === 'inspect' && (
          <InspectPanel
            command={renderImageCommand({ action: 'inspect', ref: name })}
            data={detail.inspect}
          />
        )}
      </DetailTabs>
    </div>
  );
}

function Overview({ detail }: { detail: ImageDetail }) {
  const t = useTranslations('images.detail');
  const locale = useLocale();
  const { containers } = detail;
  const created = Date.parse(detail.created);
  const rows: Field[] = [
    [t('id'), detail.id],
    [t('created'), `${new Date(created).toLocaleString(locale)} (${formatRelative(created, locale)})`],
    [t('size'), formatBytes(detail.size, locale)],
    [t('platform'), `${detail.os}/${detail.architecture}`],
    [t('entrypoint'), JSON.stringify(detail.entrypoint)],
    [t('cmd'), JSON.stringify(detail.cmd)],
    [t('workdir'), detail.workdir || '—'],
    [t('user'), detail.user || '—'],
    [t('ports'), detail.exposedPorts.join(', ') || '—'],
    [t('digests'), detail.digests.join('\n') || '—'],
  ];
  return (
    <div className="grid gap-4 lg:grid-cols-2">
      <FieldList
        fields={rows}
        className="grid grid-cols-[8rem_1fr] gap-x-3 gap-y-1 text-sm"
        valueClassName="font-mono text-xs break-all whitespace-pre-wrap"
      />
      <div className="flex flex-col gap-3 text-sm">
        <section>
          <h2 className="font-medium">{t('env')}</h2>
          <ul className="font-mono text-xs">
            {detail.env.map((e) => (
              <li key={e} className="break-all">
                {e}
              </li>
            ))}
          </ul>
        </section>
        <section>
          <h2 className="font-medium">{t('labels')}</h2>
          <ul className="font-mono text-xs">
            {Object.entries(detail.labels).map(([k, v]) => (
              <li key={k} className="break-all">
                {k}={v}
              </li>
            ))}
          </ul>
        </section>
        <section data-testid="image-containers-list">
          <h2 className="font-medium">{t('containers', { count: containers.length })}</h2>
          <ul>
            {containers.map((c) => (
              <li key={c.id}>
                <Link href={`/containers/${c.id}`} className="text-sky-700 hover:underline dark:text-sky-400">
                  {c.name}
                </Link>{' '}
                <span className="text-xs text-slate-500">{c.state}</span>
              </li>
            ))}
          </ul>
        </section>
      </div>
    </div>
  );
}

function HistoryTab({ id, name }: { id: string; name: string }) {
  const t = useTranslations('images.detail');
  const locale = useLocale();
  const history = useImageHistory(id, true);
  return (
    <div className="flex flex-col gap-2">
      <CliCommand command={renderImageCommand({ action: 'history', ref: name })} />
      {history.isError && <p role="alert">{history.error.message}</p>}
      <div className="overflow-x-auto rounded-lg border border-slate-200 dark:border-slate-800">
        <table className="w-full text-left text-sm" data-testid="history">
          <thead className="border-b border-slate-200 text-xs text-slate-500 uppercase dark:border-slate-800">
            <tr>
              <th className="px-3 py-2">{t('layer')}</th>
              <th className="px-3 py-2">{t('created')}</th>
              <th className="px-3 py-2">{t('createdBy')}</th>
              <th className="px-3 py-2">{t('size')}</th>
            </tr>
          </thead>
          <tbody>
            {(history.data ?? []).map((h) => (
              <tr key={h.position} className="border-b border-slate-100 align-top dark:border-slate-800">
                <td className="px-3 py-1.5 font-mono text-xs">
                  {h.id === '<missing>' ? h.id : shortId(h.id)}
                </td>
                <td className="px-3 py-1.5 text-xs whitespace-nowrap text-slate-500">
                  {formatRelative(h.created * 1000, locale)}
                </td>
                <td className="px-3 py-1.5 font-mono text-xs break-all">{h.createdBy || h.comment}</td>
                <td className="px-3 py-1.5 text-xs whitespace-nowrap">{formatBytes(h.size, locale)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

function ActionBar({ id, tags, name, inUse }: { id: string; tags: string[]; name: string; inUse: boolean }) {
  const t = useTranslations('images.detail');
  const ti = useTranslations('images');
  const router = useRouter();
  const canWrite = useCan('images:write');
  const remove = useRemoveImages();
  const tag = useTagImage();
  const transfers = useTransfers();
  const [dialog, setDialog] = useState<null | 'remove' | 'tag' | 'untag'>(null);
  const [force, setForce] = useState(false);
  const [target, setTarget] = useState('');
  const [untag, setUntag] = useState('');
  const [pushError, setPushError] = useState<string | null>(null);
  const parsedTarget = target.trim() ? parseImageReference(target, { defaultTag: true }) : null;
  const pushes = transfers.filter((tr) => tr.kind === 'push' && tags.some((x) => x === tr.reference));

  const push = async (reference: string) => {
    setPushError(null);
    try {
      await startTransfer('push', reference);
    } catch (err) {
      setPushError(err instanceof Error ? err.message : String(err));
    }
  };

  return (
    <div className="flex flex-col gap-3">
      <div className="flex flex-wrap items-center gap-2">
        {tags.map((tg) => (
          <span
            key={tg}
            className="inline-flex items-center gap-1 rounded bg-slate-100 px-2 py-1 font-mono text-xs dark:bg-slate-800"
            data-testid="image-tag"
          >
            {tg}
            {canWrite && (
              <>
                <button
                  type="button"
                  className="text-sky-700 hover:underline dark:text-sky-400"
                  title={renderImageCommand({ action: 'push', reference: tg })}
                  onClick={() => void push(tg)}
                  data-testid={`push-${tg}`}
                >
                  <Upload className="h-3.5 w-3.5" aria-label={t('push')} />
                </button>
                <button
                  type="button"
                  className="text-red-600 hover:underline"
                  title={renderImageCommand({ action: 'rm', refs: [tg] })}
                  onClick={() => {
                    setUntag(tg);
                    setDialog('untag');
                  }}
                  aria-label={t('untag', { tag: tg })}
                >
                  ×
                </button>
              </>
            )}
          </span>
        ))}
      </div>
      <div className="flex flex-wrap items-center gap-2">
        {canWrite && (
          <>
            <Button onClick={() => setDialog('tag')} data-testid="action-tag">
              {t('tag')}
            </Button>
            <Button variant="danger" onClick={() => setDialog('remove')} data-testid="action-remove">
              {ti('remove')}
            </Button>
          </>
        )}
        <DownloadLink
          href={`/api/images/save${queryString({ refs: name })}`}
          download
          title={renderImageCommand({ action: 'save', refs: [name] })}
          label={ti('save')}
        />
      </div>
      {pushError && (
        <p role="alert" className="text-sm text-red-700 dark:text-red-300">
          {pushError}
        </p>
      )}
      {pushes.map((tr) => (
        <TransferProgress key={tr.id} transfer={tr} />
      ))}

      <ConfirmDialog
        open={dialog === 'remove'}
        title={t('confirmRemove', { name })}
        command={renderImageCommand({ action: 'rm', refs: [shortId(id)], force })}
        confirmLabel={ti('remove')}
        danger
        pending={remove.isPending}
        onCancel={() => setDialog(null)}
        onConfirm={() =>
          remove.mutate(
            { refs: [id], force },
            {
              onSuccess: ({ results }) => {
                if (results[0]?.ok) router.push('/images');
              },
            },
          )
        }
      >
        {inUse && <p className="mb-2">{t('inUse')}</p>}
        <label className="flex items-center gap-2">
          <input type="checkbox" checked={force} onChange={(e) => setForce(e.target.checked)} />
          {ti('confirmRemove.force')}
        </label>
      </ConfirmDialog>
      <ConfirmDialog
        open={dialog === 'untag'}
        title={t('confirmUntag', { tag: untag })}
        command={renderImageCommand({ action: 'rm', refs: [untag] })}
        confirmLabel={t('untagConfirm')}
        danger
        pending={remove.isPending}
        onCancel={() => setDialog(null)}
        onConfirm={() => remove.mutate({ refs: [untag], force: false }, { onSuccess: () => setDialog(null) })}
      />
      <ConfirmDialog
        open={dialog === 'tag'}
        title={t('tagTitle', { name })}
        command={renderImageCommand({
          action: 'tag',
          source: name,
          target: parsedTarget?.ok ? parsedTarget.ref.familiar : '…',
        })}
        confirmLabel={t('tag')}
        pending={tag.isPending || !parsedTarget?.ok}
        onCancel={() => setDialog(null)}
        onConfirm={() =>
          tag.mutate(
            { source: id, target },
            {
              onSuccess: () => {
                setTarget('');
                setDialog(null);
              },
            },
          )
        }
      >
        <label className="flex flex-col gap-1">
          <span>{t('newTag')}</span>
          <input
            value={target}
            onChange={(e) => setTarget(e.target.value)}
            placeholder="127.0.0.1:5400/team/app:1.0"
            aria-invalid={!!parsedTarget && !parsedTarget.ok}
            className="rounded-md border border-slate-300 bg-white px-2 py-1.5 font-mono text-sm dark:border-slate-700 dark:bg-slate-950"
          />
          {parsedTarget && !parsedTarget.ok && <span className="text-red-700">{parsedTarget.error}</span>}
        </label>
      </ConfirmDialog>
    </div>
  );
}
