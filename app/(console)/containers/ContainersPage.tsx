'use client';

import Link from 'next/link';
import { useLocale, useTranslations } from 'next-intl';
import { lazy, memo, Suspense, useCallback, useEffect, useMemo, useState } from 'react';
import { useCan } from '@/components/auth/queries';
import { type BulkAction, useBulkContainerAction } from '@/components/containers/mutations';
import { useContainerPages } from '@/components/containers/queries';
import { StateBadge } from '@/components/containers/StateBadge';
import { useEnvironment } from '@/components/environments/current';
import { withEnv } from '@/components/environments/paths';
import { updatesByReference, useImageUpdates } from '@/components/images/updates';
import { ListError } from '@/components/list/ListError';
import { CreateLink, ListHeader } from '@/components/list/ListHeader';
import { FilterTabs, ListToolbar, SearchBox, type Sort, SortControl } from '@/components/list/ListToolbar';
import { useSelection } from '@/components/list/useSelection';
import { useFilterParam } from '@/components/list/useUrlParams';
import { SelectableRow, VirtualTable } from '@/components/list/VirtualTable';
import { useDebounced } from '@/components/ui/useDebounced';
import type { SortKey } from '@/lib/containers/sort';
import { CONTAINER_STATE_FILTERS, type ContainerSummary } from '@/lib/containers/types';
import { formatDateTime, formatRelative } from '@/lib/format';
import type { ImageUpdateStatus } from '@/lib/images/types';
import type { containerTagReference } from '@/lib/images/updates';

// Loaded on use, not with the list (issue 19, first-load JavaScript): the bulk bar once rows are selected, the
// dialogs once opened, the update badge once a kept registry check says an update is available. React's lazy,
// not next/dynamic: none of them renders on the server, and next/dynamic would itself add to the first load.
const BulkActionBar = lazy(() => import('./BulkActions').then((m) => ({ default: m.BulkActionBar })));
const BulkConfirmDialog = lazy(() => import('./BulkActions').then((m) => ({ default: m.BulkConfirmDialog })));
const RecreateManyDialog = lazy(() =>
  import('@/components/containers/RecreateManyDialog').then((m) => ({ default: m.RecreateManyDialog })),
);
const UpdateBadge = lazy(() =>
  import('@/components/images/UpdateBadge').then((m) => ({ default: m.UpdateBadge })),
);

/** Actions that interrupt or destroy something ask first. */
const CONFIRM: ReadonlySet<BulkAction> = new Set(['stop', 'restart', 'kill', 'remove']);
const SORT_KEYS: SortKey[] = ['name', 'state', 'image', 'created'];
const GRID =
  'grid grid-cols-[2rem_minmax(10rem,2fr)_8rem_minmax(8rem,2fr)_minmax(7rem,1.2fr)_7rem_7rem] items-center gap-3';

const containerId = (c: ContainerSummary) => c.id;
/** Typing asks the server once it pauses, not once per key. */
const SEARCH_DEBOUNCE_MS = 200;
/** Before the scroll element is measured (server render, first paint) lay out a screenful of rows. */
const INITIAL_RECT = { width: 1200, height: 800 };

export function ContainersPage() {
  const t = useTranslations('containers');
  const [state, setState] = useFilterParam('state', CONTAINER_STATE_FILTERS, 'all');
  const [search, setSearch] = useState('');
  const [sort, setSort] = useState<Sort<SortKey>>({ key: 'name', dir: 'asc' });
  const [pending, setPending] = useState<BulkAction | null>(null);
  const [force, setForce] = useState(false);
  const [recreating, setRecreating] = useState(false);
  const query = useDebounced(search.trim(), SEARCH_DEBOUNCE_MS);
  // Paged on the server (issue 19): at 10,000 containers the page downloads what is scrolled to, not the fleet.
  const list = useContainerPages({ state, q: query, sort: sort.key, order: sort.dir });
  const env = useEnvironment();
  const bulk = useBulkContainerAction();
  const canWrite = useCan('containers:write');
  // The kept registry checks only (GET never reaches a registry): the badge costs the list nothing.
  const updates = useImageUpdates();
  const updateMap = useMemo(() => updatesByReference(updates.data), [updates.data]);
  const tagReference = useTagReference(updateMap.size > 0);

  const pages = list.data?.pages;
  const rows = useMemo(() => (pages ?? []).flatMap((p) => p.items), [pages]);
  const first = pages?.[0];
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = list;
  const loadMore = useCallback(() => {
    if (hasNextPage && !isFetchingNextPage) void fetchNextPage();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);

  const { selected, chosen, allSelected, toggle, toggleAll, setSelected } = useSelection(rows, containerId);

  const run = (action: BulkAction) => {
    const ids = chosen.map((c) => c.id);
    bulk.mutate(
      { ids, action, force },
      {
        onSuccess: (result) => {
          setSelected(new Set(result.failed.map((f) => f.key)));
          setPending(null);
        },
      },
    );
  };

  return (
    <div className="flex flex-col gap-4">
      <ListHeader
        title={t('title')}
        count={t('count', { shown: first?.total ?? 0, total: first?.unfiltered ?? first?.total ?? 0 })}
        countTestId="container-count"
      >
        {canWrite && <CreateLink href="/containers/new" label={t('create')} className="ml-auto" />}
      </ListHeader>

      <ListToolbar>
        <FilterTabs
          options={CONTAINER_STATE_FILTERS}
          value={state}
          onChange={setState}
          label={(f) => t(`filters.${f}`)}
        />
        <SearchBox value={search} onChange={setSearch} label={t('search')} />
        <SortControl
          keys={SORT_KEYS}
          value={sort}
          onChange={setSort}
          keyLabel={(k) => t(`columns.${k}`)}
          text={{ sortBy: t('sortBy'), ascending: t('ascending'), descending: t('descending') }}
        />
      </ListToolbar>

      {canWrite && chosen.length > 0 && (
        <Suspense>
          <BulkActionBar
            chosen={chosen}
            force={force}
            disabled={bulk.isPending}
            onAction={(action) => (CONFIRM.has(action) ? setPending(action) : run(action))}
            onRecreate={() => setRecreating(true)}
          />
        </Suspense>
      )}

      {list.isError && !list.data ? (
        <ListError message={list.error.message} />
      ) : (
        <VirtualTable
          rows={rows}
          rowKey={containerId}
          grid={GRID}
          widthClass="min-w-[56rem]"
          heightClass="max-h-[calc(100vh-16rem)]"
          bodyTestId="container-rows"
          selectAll={{ label: t('selectAll'), checked: allSelected, onChange: toggleAll }}
          columns={
            <>
              <span>{t('columns.name')}</span>
              <span>{t('columns.state')}</span>
              <span>{t('columns.image')}</span>
              <span>{t('columns.ports')}</span>
              <span>{t('columns.created')}</span>
              <span>{t('columns.ip')}</span>
            </>
          }
          emptyText={list.isLoading ? t('loading') : t('empty')}
          initialRect={INITIAL_RECT}
          onNearEnd={loadMore}
          footer={
            hasNextPage ? (
              <p className="p-3 text-center text-xs text-slate-500" data-testid="container-rows-more">
                {t('loadingMore')}
              </p>
            ) : null
          }
          renderRow={(row) => (
            <ContainerRow
              env={env}
              container={row}
              checked={selected.has(row.id)}
              onToggle={toggle}
              update={tagReference ? updateOf(updateMap, row, tagReference) : undefined}
            />
          )}
        />
      )}

      <Suspense>
        {recreating && (
          <RecreateManyDialog
            containers={chosen}
            onClose={() => setRecreating(false)}
            onDone={(failed) => {
              setSelected(new Set(failed));
              setRecreating(false);
            }}
          />
        )}
        {pending && (
          <BulkConfirmDialog
            action={pending}
            chosen={chosen}
            force={force}
            onForce={setForce}
            pending={bulk.isPending}
            onCancel={() => setPending(null)}
            onConfirm={() => run(pending)}
          />
        )}
      </Suspense>
    </div>
  );
}

/** Memoised on the row object: react-query keeps unchanged rows identical across refreshes. */
const ContainerRow = memo(function ContainerRow({
  env,
  container: c,
  checked,
  onToggle,
  update,
}: {
  /** From the page, not a hook per row: a screenful of new rows renders in every frame of a fast scroll. */
  env: string;
  container: ContainerSummary;
  checked: boolean;
  onToggle: (id: string) => void;
  /** The kept registry check of its image's tag, when it says an update is available. */
  update: ImageUpdateStatus | undefined;
}) {
  const t = useTranslations('containers');
  const locale = useLocale();
  return (
    <SelectableRow
      grid={GRID}
      checked={checked}
      selectLabel={t('select', { name: c.name })}
      onCheck={() => onToggle(c.id)}
      data-testid="container-row"
      data-name={c.name}
      data-state={c.state}
    >
      {/* No viewport prefetch: a fast scroll through 10,000 rows would prefetch every one it passes. */}
      <Link
        href={withEnv(`/containers/${c.id}`, env)}
        prefetch={false}
        className="truncate font-medium text-sky-700 hover:underline dark:text-sky-400"
        title={c.name}
      >
        {c.name}
      </Link>
      <StateBadge state={c.state} health={c.health} />
      <span className="flex min-w-0 items-center gap-1">
        <span className="truncate font-mono text-xs" title={c.image}>
          {c.image}
        </span>
        {update && (
          <Suspense>
            <UpdateBadge status={update} />
          </Suspense>
        )}
      </span>
      <span className="flex min-w-0 flex-wrap gap-1">
        {c.ports
          .filter((p) => p.publicPort)
          .slice(0, 3)
          .map((p) => (
            <a
              key={`${p.ip}-${p.publicPort}-${p.type}`}
              href={portHref(p.ip, p.publicPort ?? 0)}
              target="_blank"
              rel="noreferrer"
              className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs text-sky-700 hover:underline dark:bg-slate-800 dark:text-sky-400"
            >
              {p.publicPort}:{p.privatePort}
              {p.type === 'tcp' ? '' : `/${p.type}`}
            </a>
          ))}
      </span>
      {/* The first page is rendered on the server: "12 seconds ago" there may read "13 seconds ago" at
          hydration, and the title's time zone is the server's. A text mismatch made React drop the server's
          HTML and render the whole page again; the next render brings the browser's own words. */}
      <span
        className="text-xs text-slate-500"
        title={formatDateTime(c.created * 1000, locale)}
        suppressHydrationWarning
      >
        {formatRelative(c.created * 1000, locale)}
      </span>
      <span className="truncate font-mono text-xs text-slate-500">
        {c.networks
          .map((n) => n.ip)
          .filter(Boolean)
          .join(', ')}
      </span>
    </SelectableRow>
  );
});

type TagReference = typeof containerTagReference;

/**
 * The matching of rows to kept update checks (image reference parsing), loaded once there are checks to match:
 * most lists have none, and it is not needed for the first paint (issue 19).
 */
function useTagReference(enabled: boolean): TagReference | null {
  const [tagReference, setTagReference] = useState<TagReference | null>(null);
  useEffect(() => {
    if (enabled && !tagReference)
      void import('@/lib/images/updates').then((m) => setTagReference(() => m.containerTagReference));
  }, [enabled, tagReference]);
  return tagReference;
}

/** The update badge of a row: only `available` is worth a badge in a list of containers. */
function updateOf(
  updates: ReadonlyMap<string, ImageUpdateStatus>,
  c: ContainerSummary,
  tagReference: TagReference,
): ImageUpdateStatus | undefined {
  const reference = tagReference(c.image, c.imageId)?.familiar;
  const status = reference ? updates.get(reference) : undefined;
  return status?.status === 'available' ? status : undefined;
}

/** A port bound to all interfaces is reached on the host the browser already talks to. */
function portHref(ip: string | undefined, port: number): string {
  const host =
    !ip || ip === '0.0.0.0' || ip === '::' ? window.location.hostname : ip.includes(':') ? `[${ip}]` : ip;
  return `http://${host}:${port}`;
}
