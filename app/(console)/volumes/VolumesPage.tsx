'use client';

import { RefreshCw } from 'lucide-react';
import { useLocale, useTranslations } from 'next-intl';
import { memo, useMemo, useState } from 'react';
import { useCan } from '@/components/auth/queries';
import { useEnvironment } from '@/components/environments/current';
import Link from '@/components/environments/EnvLink';
import { BulkBar } from '@/components/list/BulkBar';
import { ListError } from '@/components/list/ListError';
import { CreateLink, ListHeader } from '@/components/list/ListHeader';
import { FilterTabs, ListToolbar, SearchBox, type Sort, SortControl } from '@/components/list/ListToolbar';
import { useSelection } from '@/components/list/useSelection';
import { SelectableRow, VirtualTable } from '@/components/list/VirtualTable';
import { labelFilters, PruneDialog, PruneLabelField } from '@/components/prune/PruneDialog';
import { Button } from '@/components/ui/Button';
import { ConfirmDialog } from '@/components/ui/ConfirmDialog';
import { usePruneVolumes, useRemoveVolumes } from '@/components/volumes/mutations';
import {
  fetchVolumePrunePreview,
  useVolumes,
  useVolumeUsage,
  volumeKeys,
} from '@/components/volumes/queries';
import { formatBytes, formatRelative } from '@/lib/format';
import { renderVolumeCommand } from '@/lib/volumes/cli';
import {
  filterVolumes,
  sortVolumes,
  VOLUME_SORT_KEYS,
  VOLUME_USE_FILTERS,
  type VolumeSortKey,
  type VolumeUseFilter,
} from '@/lib/volumes/list';
import type { VolumeSummary } from '@/lib/volumes/types';

const volumeName = (v: VolumeSummary) => v.name;

const GRID = 'grid grid-cols-[2rem_minmax(12rem,3fr)_6rem_6rem_minmax(8rem,2fr)_7rem] items-center gap-3';

export function VolumesPage() {
  const env = useEnvironment();
  const t = useTranslations('volumes');
  const locale = useLocale();
  const [search, setSearch] = useState('');
  const [use, setUse] = useState<VolumeUseFilter>('all');
  const [sort, setSort] = useState<Sort<VolumeSortKey>>({ key: 'name', dir: 'asc' });
  const [confirming, setConfirming] = useState(false);
  const [pruning, setPruning] = useState(false);
  const [pruneAll, setPruneAll] = useState(false);
  const [pruneLabel, setPruneLabel] = useState('');
  const list = useVolumes();
  const usage = useVolumeUsage();
  const remove = useRemoveVolumes();
  const prune = usePruneVolumes();
  const canWrite = useCan('volumes:write');
  const sizes = usage.data?.sizes;

  const rows = useMemo(
    () => sortVolumes(filterVolumes(list.data ?? [], search, use), sort.key, sort.dir, sizes),
    [list.data, search, use, sort, sizes],
  );
  const { selected, chosen, allSelected, toggle, toggleAll, setSelected } = useSelection(rows, volumeName);
  const names = chosen.map((v) => v.name);
  const inUse = chosen.filter((v) => v.containers.length > 0).map((v) => v.name);
  const pruneFilters = useMemo(() => labelFilters(pruneLabel), [pruneLabel]);

  return (
    <div className="flex flex-col gap-4">
      <ListHeader
        title={t('title')}
        count={t('count', { shown: rows.length, total: list.data?.length ?? 0 })}
        countTestId="volume-count"
      >
        <div className="ml-auto flex gap-2">
          {canWrite && (
            <Button onClick={() => setPruning(true)} data-testid="volumes-prune">
              {t('actions.prune')}
            </Button>
          )}
          {canWrite && <CreateLink href="/volumes/new" label={t('create')} />}
        </div>
      </ListHeader>

      <ListToolbar>
        <FilterTabs
          options={VOLUME_USE_FILTERS}
          value={use}
          onChange={setUse}
          label={(f) => t(`filters.${f}`)}
        />
        <SearchBox value={search} onChange={setSearch} label={t('search')} />
        <SortControl
          keys={VOLUME_SORT_KEYS}
          value={sort}
          onChange={setSort}
          keyLabel={(k) => t(`columns.${k}`)}
          text={{ sortBy: t('sortBy'), ascending: t('ascending'), descending: t('descending') }}
        />
        <span className="ml-auto flex items-center gap-2 text-xs text-slate-500" data-testid="volume-sizes">
          {usage.isFetching
            ? t('sizes.measuring')
            : usage.isError
              ? t('sizes.failed', { message: usage.error.message })
              : usage.data
                ? t('sizes.measured', { time: formatRelative(usage.data.measuredAt, locale) })
                : null}
          <button
            onClick={() => void usage.refetch()}
            disabled={usage.isFetching}
            className="rounded border border-slate-300 p-1 disabled:opacity-50 dark:border-slate-700"
            aria-label={t('sizes.refresh')}
            title={t('sizes.refresh')}
          >
            <RefreshCw className={`h-3.5 w-3.5 ${usage.isFetching ? 'animate-spin' : ''}`} aria-hidden />
          </button>
        </span>
      </ListToolbar>

      {canWrite && chosen.length > 0 && (
        <BulkBar label={t('selected', { count: chosen.length })}>
          <Button
            variant="danger"
            disabled={remove.isPending}
            title={renderVolumeCommand({ action: 'remove', names })}
            onClick={() => setConfirming(true)}
          >
            {t('actions.remove')}
          </Button>
        </BulkBar>
      )}

      {list.isError && !list.data ? (
        <ListError message={list.error.message} />
      ) : (
        // Virtualized like the containers list: hosts with thousands of anonymous volumes exist.
        <VirtualTable
          rows={rows}
          rowKey={volumeName}
          grid={GRID}
          widthClass="min-w-[52rem]"
          heightClass="max-h-[calc(100vh-17rem)]"
          bodyTestId="volume-rows"
          selectAll={{ label: t('selectAll'), checked: allSelected, onChange: toggleAll }}
          columns={
            <>
              <span>{t('columns.name')}</span>
              <span>{t('columns.driver')}</span>
              <span>{t('columns.size')}</span>
              <span>{t('columns.containers')}</span>
              <span>{t('columns.created')}</span>
            </>
          }
          emptyText={list.isLoading ? t('loading') : t('empty')}
          renderRow={(row) => (
            <VolumeRow
              volume={row}
              size={sizes?.[row.name]}
              checked={selected.has(row.name)}
              onToggle={toggle}
            />
          )}
        />
      )}

      <ConfirmDialog
        open={confirming}
        title={t('confirm.title', { count: names.length })}
        command={renderVolumeCommand({ action: 'remove', names })}
        confirmLabel={t('actions.remove')}
        danger
        pending={remove.isPending}
        onCancel={() => setConfirming(false)}
        onConfirm={() =>
          remove.mutate(names, {
            onSuccess: (result) => {
              setSelected(new Set(result.failed.map((f) => f.key)));
              setConfirming(false);
            },
          })
        }
      >
        <p>{t('confirm.body', { names: names.join(', ') })}</p>
        {inUse.length > 0 && (
          <p className="mt-2 text-amber-700 dark:text-amber-400">
            {t('confirm.inUse', { names: inUse.join(', ') })}
          </p>
        )}
      </ConfirmDialog>

      <PruneDialog
        open={pruning}
        namespace="volumes"
        previewKey={volumeKeys.prunePreview(env, pruneFilters, pruneAll)}
        loadPreview={() => fetchVolumePrunePreview(pruneFilters, pruneAll)}
        pending={prune.isPending}
        onCancel={() => setPruning(false)}
        onConfirm={(preview) =>
          prune.mutate(
            { filters: pruneFilters, all: pruneAll, ids: preview.items.map((i) => i.id) },
            { onSuccess: () => setPruning(false) },
          )
        }
      >
        <label className="flex items-center gap-2">
          <input type="checkbox" checked={pruneAll} onChange={(e) => setPruneAll(e.target.checked)} />
          {t('prune.all')}
        </label>
        <PruneLabelField namespace="volumes" value={pruneLabel} onChange={setPruneLabel} />
      </PruneDialog>
    </div>
  );
}

const VolumeRow = memo(function VolumeRow({
  volume: v,
  size,
  checked,
  onToggle,
}: {
  volume: VolumeSummary;
  size: number | undefined;
  checked: boolean;
  onToggle: (name: string) => void;
}) {
  const t = useTranslations('volumes');
  const locale = useLocale();
  const users = v.containers.map((c) => c.name);
  return (
    <SelectableRow
      grid={GRID}
      checked={checked}
      selectLabel={t('select', { name: v.name })}
      onCheck={() => onToggle(v.name)}
      data-testid="volume-row"
      data-name={v.name}
      data-containers={v.containers.length}
    >
      <span className="flex min-w-0 items-center gap-2">
        <Link
          href={`/volumes/${encodeURIComponent(v.name)}`}
          className="truncate font-medium text-sky-700 hover:underline dark:text-sky-400"
          title={v.name}
        >
          {v.anonymous ? `${v.name.slice(0, 12)}…` : v.name}
        </Link>
        {v.anonymous && (
          <span className="shrink-0 rounded bg-slate-100 px-1.5 text-xs text-slate-600 dark:bg-slate-800 dark:text-slate-300">
            {t('anonymous')}
          </span>
        )}
      </span>
      <span className="truncate font-mono text-xs">{v.driver}</span>
      <span className="text-xs text-slate-500" data-testid="volume-size">
        {size === undefined || size < 0 ? '—' : formatBytes(size, locale)}
      </span>
      <span className="truncate text-xs" title={users.join(', ')}>
        {users.length === 0 ? (
          <span className="text-slate-400">{t('unused')}</span>
        ) : users.length <= 2 ? (
          users.join(', ')
        ) : (
          t('usedBy', { count: users.length })
        )}
      </span>
      <span
        className="text-xs text-slate-500"
        title={v.created ? new Date(v.created).toLocaleString(locale) : undefined}
      >
        {v.created ? formatRelative(v.created, locale) : '—'}
      </span>
    </SelectableRow>
  );
});
