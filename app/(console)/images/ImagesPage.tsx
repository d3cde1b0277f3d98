'use client';

import { Download, Hammer, RefreshCw, Upload } from 'lucide-react';
import { useLocale, useTranslations } from 'next-intl';
import { memo, useMemo, useState } from 'react';
import { queryString } from '@/components/api/client';
import { useCan } from '@/components/auth/queries';
import { useEnvironment } from '@/components/environments/current';
import Link from '@/components/environments/EnvLink';
import { withEnv } from '@/components/environments/paths';
import { ImportDialog, PruneDialog } from '@/components/images/ImageDialogs';
import { useRemoveImages } from '@/components/images/mutations';
import { PullPanel } from '@/components/images/PullPanel';
import { useImages } from '@/components/images/queries';
import { SearchPanel } from '@/components/images/SearchPanel';
import { TransferProgress } from '@/components/images/TransferProgress';
import { useTransfers } from '@/components/images/transfers';
import { UpdateBadge } from '@/components/images/UpdateBadge';
import { updatesByReference, useCheckImageUpdates, useImageUpdates } from '@/components/images/updates';
import { BulkBar } from '@/components/list/BulkBar';
import { ListError } from '@/components/list/ListError';
import { ListHeader } from '@/components/list/ListHeader';
import { FilterTabs, ListToolbar, SearchBox } from '@/components/list/ListToolbar';
import { useSelection } from '@/components/list/useSelection';
import { useFilterParam, useUrlParams } from '@/components/list/useUrlParams';
import { SelectableRow, VirtualTable } from '@/components/list/VirtualTable';
import { Button } from '@/components/ui/Button';
import { CliCommand } from '@/components/ui/CliCommand';
import { ConfirmDialog } from '@/components/ui/ConfirmDialog';
import { formatBytes, formatRelative, shortId } from '@/lib/format';
import { renderImageCommand } from '@/lib/images/cli';
import { IMAGE_FILTERS, type ImageSummary, type ImageUpdateStatus } from '@/lib/images/types';
import { inspectRemoteCommand } from '@/lib/images/updates';

const GRID = 'grid grid-cols-[2rem_minmax(14rem,3fr)_8rem_6rem_8rem_6rem] items-center gap-3';

const imageId = (img: ImageSummary) => img.id;

/** How the CLI names an image: its first tag, or its short id when it has none. */
export function imageName(img: ImageSummary): string {
  return img.tags[0] ?? shortId(img.id);
}

export function ImagesPage() {
  const t = useTranslations('images');
  const env = useEnvironment();
  const [filter, setFilter] = useFilterParam('filter', IMAGE_FILTERS, 'all');
  const { params, setParam } = useUrlParams();
  const showAll = params.get('all') === '1';
  const [search, setSearch] = useState('');
  const [confirmRemove, setConfirmRemove] = useState(false);
  const [force, setForce] = useState(false);
  const [dialog, setDialog] = useState<null | 'prune' | 'load' | 'import'>(null);
  const list = useImages({ all: showAll, filter });
  const remove = useRemoveImages();
  const transfers = useTransfers();
  const canWrite = useCan('images:write');
  const tUpdates = useTranslations('imageUpdates');
  // Kept answers only: rendering the list never makes the server ask a registry.
  const updates = useImageUpdates();
  const checkUpdates = useCheckImageUpdates();
  const updateMap = useMemo(() => updatesByReference(updates.data), [updates.data]);

  const rows = useMemo(() => {
    const needle = search.trim().toLowerCase();
    return (list.data ?? []).filter(
      (img) =>
        !needle ||
        img.tags.some((tag) => tag.toLowerCase().includes(needle)) ||
        img.id.replace(/^sha256:/, '').startsWith(needle.replace(/^sha256:/, '')),
    );
  }, [list.data, search]);

  const { selected, chosen, allSelected, toggle, toggleAll, setSelected } = useSelection(rows, imageId);

  // Removing by tag untags only that tag (as `docker rmi repo:tag`); an untagged image goes by id.
  const selectedRefs = chosen.map((img) => (img.tags.length ? imageName(img) : img.id));
  const saveRefs = chosen.map(imageName);
  const removeCommand = renderImageCommand({
    action: 'rm',
    refs: chosen.flatMap((img) => (img.tags.length ? img.tags : [shortId(img.id)])),
    force,
  });

  return (
    <div className="flex flex-col gap-4">
      <ListHeader
        title={t('title')}
        count={t('count', { shown: rows.length, total: list.data?.length ?? 0 })}
        countTestId="image-count"
      >
        <span className="ml-auto" />
        {canWrite && (
          <>
            <Link
              href="/images/build"
              className="inline-flex items-center gap-1.5 rounded-md border border-slate-300 px-3 py-1.5 text-sm font-medium hover:bg-slate-50 dark:border-slate-700 dark:hover:bg-slate-800"
            >
              <Hammer className="h-4 w-4" aria-hidden />
              {t('build.open')}
            </Link>
            <Button onClick={() => setDialog('load')}>
              <Upload className="h-4 w-4" aria-hidden />
              {t('load.open')}
            </Button>
            <Button onClick={() => setDialog('import')}>
              <Upload className="h-4 w-4" aria-hidden />
              {t('import.open')}
            </Button>
            <Button onClick={() => setDialog('prune')}>{t('prune.open')}</Button>
            <Button
              onClick={() => checkUpdates.mutate({})}
              disabled={checkUpdates.isPending}
              title={`${tUpdates('checkTitle')}\n${inspectRemoteCommand('IMAGE')}`}
              data-testid="check-updates"
            >
              <RefreshCw className={`h-4 w-4 ${checkUpdates.isPending ? 'animate-spin' : ''}`} aria-hidden />
              {checkUpdates.isPending ? tUpdates('checking') : tUpdates('check')}
            </Button>
          </>
        )}
      </ListHeader>

      {canWrite && <PullPanel />}
      <SearchPanel canPull={canWrite} />
      {transfers.length > 0 && (
        <div className="flex flex-col gap-2" data-testid="transfers">
          {transfers.map((tr) => (
            <TransferProgress key={tr.id} transfer={tr} />
          ))}
        </div>
      )}

      <ListToolbar>
        <FilterTabs
          options={IMAGE_FILTERS}
          value={filter}
          onChange={setFilter}
          label={(f) => t(`filters.${f}`)}
        />
        <label className="flex items-center gap-1.5 text-sm">
          <input
            type="checkbox"
            checked={showAll}
            onChange={(e) => setParam('all', e.target.checked ? '1' : null)}
          />
          {t('showIntermediate')}
        </label>
        <SearchBox value={search} onChange={setSearch} label={t('search')} />
      </ListToolbar>
      <CliCommand
        command={renderImageCommand({
          action: 'ls',
          all: showAll,
          ...(filter === 'dangling' ? { filter: 'dangling' as const } : {}),
        })}
      />

      {chosen.length > 0 && (
        <BulkBar label={t('selected', { count: chosen.length })}>
          <a
            href={withEnv(`/api/images/save${queryString({ refs: saveRefs.join(',') })}`, env)}
            download
            data-testid="save-images"
            title={renderImageCommand({ action: 'save', refs: saveRefs })}
            className="inline-flex items-center gap-1.5 rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium hover:bg-slate-50 dark:border-slate-700 dark:bg-slate-900"
          >
            <Download className="h-4 w-4" aria-hidden />
            {t('save')}
          </a>
          {canWrite && (
            <Button variant="danger" onClick={() => setConfirmRemove(true)} title={removeCommand}>
              {t('remove')}
            </Button>
          )}
        </BulkBar>
      )}

      {list.isError && !list.data ? (
        <ListError message={list.error.message} role="alert" />
      ) : (
        // Virtualized like the containers list: thousands of images cost the DOM only what is in view.
        <VirtualTable
          rows={rows}
          rowKey={imageId}
          grid={GRID}
          widthClass="min-w-[48rem]"
          heightClass="max-h-[calc(100vh-18rem)]"
          bodyTestId="image-rows"
          selectAll={{ label: t('selectAll'), checked: allSelected, onChange: toggleAll }}
          columns={
            <>
              <span>{t('columns.tags')}</span>
              <span>{t('columns.id')}</span>
              <span>{t('columns.size')}</span>
              <span>{t('columns.created')}</span>
              <span>{t('columns.containers')}</span>
            </>
          }
          emptyText={list.isLoading ? t('loading') : t('empty')}
          renderRow={(row) => (
            <ImageRow image={row} checked={selected.has(row.id)} onToggle={toggle} updates={updateMap} />
          )}
        />
      )}

      <ConfirmDialog
        open={confirmRemove}
        title={t('confirmRemove.title', { count: chosen.length })}
        command={removeCommand}
        confirmLabel={t('remove')}
        danger
        pending={remove.isPending}
        onCancel={() => setConfirmRemove(false)}
        onConfirm={() =>
          remove.mutate(
            { refs: selectedRefs, force },
            {
              onSuccess: ({ results }) => {
                setSelected(new Set(chosen.filter((_, i) => !results[i]?.ok).map((img) => img.id)));
                setConfirmRemove(false);
              },
            },
          )
        }
      >
        <p>{t('confirmRemove.body', { names: chosen.map(imageName).join(', ') })}</p>
        <label className="mt-3 flex items-center gap-2">
          <input type="checkbox" checked={force} onChange={(e) => setForce(e.target.checked)} />
          {t('confirmRemove.force')}
        </label>
      </ConfirmDialog>
      {dialog === 'prune' && <PruneDialog onClose={() => setDialog(null)} />}
      {(dialog === 'load' || dialog === 'import') && (
        <ImportDialog mode={dialog} onClose={() => setDialog(null)} />
      )}
    </div>
  );
}

const ImageRow = memo(function ImageRow({
  image: img,
  checked,
  onToggle,
  updates,
}: {
  image: ImageSummary;
  checked: boolean;
  onToggle: (id: string) => void;
  /** Kept update checks by tag: a badge beside each tag with an update waiting. */
  updates: ReadonlyMap<string, ImageUpdateStatus>;
}) {
  const t = useTranslations('images');
  const locale = useLocale();
  const name = imageName(img);
  return (
    <SelectableRow
      grid={GRID}
      checked={checked}
      selectLabel={t('select', { name })}
      onCheck={() => onToggle(img.id)}
      data-testid="image-row"
      data-id={img.id}
      data-tags={img.tags.join(' ')}
    >
      <Link
        href={`/images/${img.id.replace(/^sha256:/, '')}`}
        className="flex min-w-0 flex-wrap gap-1 overflow-hidden"
        title={img.tags.join('\n') || t('none')}
      >
        {img.tags.length ? (
          img.tags.slice(0, 3).map((tag) => {
            const update = updates.get(tag);
            return (
              <span key={tag} className="flex min-w-0 items-center gap-1">
                <span className="truncate rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs text-sky-700 hover:underline dark:bg-slate-800 dark:text-sky-400">
                  {tag}
                </span>
                {update?.status === 'available' && <UpdateBadge status={update} />}
              </span>
            );
          })
        ) : (
          <span className="font-mono text-xs text-slate-500 hover:underline">
            {img.intermediate ? t('intermediate') : t('none')}
          </span>
        )}
        {img.tags.length > 3 && <span className="text-xs text-slate-500">+{img.tags.length - 3}</span>}
      </Link>
      <span className="font-mono text-xs">{shortId(img.id)}</span>
      <span>{formatBytes(img.size, locale)}</span>
      <span className="text-xs text-slate-500" title={new Date(img.created * 1000).toLocaleString(locale)}>
        {formatRelative(img.created * 1000, locale)}
      </span>
      <span className={img.containers ? 'font-medium' : 'text-slate-400'} data-testid="image-containers">
        {img.containers}
      </span>
    </SelectableRow>
  );
});
