'use client';

import { useLocale, useTranslations } from 'next-intl';
import { useMemo, useState } from 'react';
import { useCan } from '@/components/auth/queries';
import { useEnvironment } from '@/components/environments/current';
import Link from '@/components/environments/EnvLink';
import { BulkBar } from '@/components/list/BulkBar';
import { ListError } from '@/components/list/ListError';
import { CreateLink, ListHeader } from '@/components/list/ListHeader';
import { ListToolbar, SearchBox, type Sort, SortControl } from '@/components/list/ListToolbar';
import { useSelection } from '@/components/list/useSelection';
import { usePruneNetworks, useRemoveNetworks } from '@/components/networks/mutations';
import { fetchNetworkPrunePreview, networkKeys, useNetworks } from '@/components/networks/queries';
import { labelFilters, PruneDialog, PruneLabelField } from '@/components/prune/PruneDialog';
import { Button } from '@/components/ui/Button';
import { ConfirmDialog } from '@/components/ui/ConfirmDialog';
import { formatRelative } from '@/lib/format';
import { renderNetworkCommand } from '@/lib/networks/cli';
import { filterNetworks, NETWORK_SORT_KEYS, type NetworkSortKey, sortNetworks } from '@/lib/networks/list';
import type { NetworkSummary } from '@/lib/networks/types';

const networkId = (n: NetworkSummary) => n.id;
/** The engine refuses to remove its predefined networks (bridge, host, none). */
const removableNetwork = (n: NetworkSummary) => !n.predefined;

/** Networks are few (dozens, not thousands): a plain table, no virtualization. */
export function NetworksPage() {
  const env = useEnvironment();
  const t = useTranslations('networks');
  const [search, setSearch] = useState('');
  const [sort, setSort] = useState<Sort<NetworkSortKey>>({ key: 'name', dir: 'asc' });
  const [confirming, setConfirming] = useState(false);
  const [pruning, setPruning] = useState(false);
  const [pruneLabel, setPruneLabel] = useState('');
  const list = useNetworks();
  const remove = useRemoveNetworks();
  const prune = usePruneNetworks();
  const canWrite = useCan('networks:write');

  const rows = useMemo(
    () => sortNetworks(filterNetworks(list.data ?? [], search), sort.key, sort.dir),
    [list.data, search, sort],
  );
  const { selected, chosen, selectable, allSelected, toggle, toggleAll, setSelected } = useSelection(
    rows,
    networkId,
    removableNetwork,
  );
  const removable = chosen.filter(removableNetwork);
  const protectedOnes = chosen.filter((n) => n.predefined).map((n) => n.name);
  const pruneFilters = useMemo(() => labelFilters(pruneLabel), [pruneLabel]);

  return (
    <div className="flex flex-col gap-4">
      <ListHeader
        title={t('title')}
        count={t('count', { shown: rows.length, total: list.data?.length ?? 0 })}
        countTestId="network-count"
      >
        <div className="ml-auto flex gap-2">
          {canWrite && (
            <Button onClick={() => setPruning(true)} data-testid="networks-prune">
              {t('actions.prune')}
            </Button>
          )}
          {canWrite && <CreateLink href="/networks/new" label={t('create')} />}
        </div>
      </ListHeader>

      <ListToolbar>
        <SearchBox value={search} onChange={setSearch} label={t('search')} />
        <SortControl
          keys={NETWORK_SORT_KEYS}
          value={sort}
          onChange={setSort}
          keyLabel={(k) => t(`columns.${k}`)}
          text={{ sortBy: t('sortBy'), ascending: t('ascending'), descending: t('descending') }}
        />
      </ListToolbar>

      {canWrite && removable.length > 0 && (
        <BulkBar label={t('selected', { count: removable.length })}>
          <Button
            variant="danger"
            disabled={remove.isPending}
            title={renderNetworkCommand({ action: 'remove', names: removable.map((n) => n.name) })}
            onClick={() => setConfirming(true)}
          >
            {t('actions.remove')}
          </Button>
        </BulkBar>
      )}

      {list.isError && !list.data ? (
        <ListError message={list.error.message} />
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
          <table className="w-full min-w-[56rem] text-left text-sm" data-testid="network-table">
            <thead className="border-b border-slate-200 text-xs font-semibold tracking-wide text-slate-500 uppercase dark:border-slate-800">
              <tr>
                <th className="w-8 px-3 py-2">
                  <input
                    type="checkbox"
                    aria-label={t('selectAll')}
                    checked={allSelected}
                    disabled={selectable.length === 0}
                    onChange={toggleAll}
                  />
                </th>
                <th className="px-3 py-2">{t('columns.name')}</th>
                <th className="px-3 py-2">{t('columns.driver')}</th>
                <th className="px-3 py-2">{t('columns.scope')}</th>
                <th className="px-3 py-2">{t('columns.subnet')}</th>
                <th className="px-3 py-2">{t('columns.gateway')}</th>
                <th className="px-3 py-2">{t('columns.containers')}</th>
                <th className="px-3 py-2">{t('columns.created')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((n) => (
                <NetworkRow key={n.id} network={n} checked={selected.has(n.id)} onToggle={toggle} />
              ))}
            </tbody>
          </table>
          {rows.length === 0 && (
            <p className="p-6 text-center text-sm text-slate-500">
              {list.isLoading ? t('loading') : t('empty')}
            </p>
          )}
        </div>
      )}

      <ConfirmDialog
        open={confirming}
        title={t('confirm.title', { count: removable.length })}
        command={renderNetworkCommand({ action: 'remove', names: removable.map((n) => n.name) })}
        confirmLabel={t('actions.remove')}
        danger
        pending={remove.isPending}
        onCancel={() => setConfirming(false)}
        onConfirm={() =>
          remove.mutate(
            removable.map((n) => ({ id: n.id, name: n.name })),
            {
              onSuccess: (result) => {
                setSelected(
                  new Set(
                    removable.filter((n) => result.failed.some((f) => f.key === n.name)).map((n) => n.id),
                  ),
                );
                setConfirming(false);
              },
            },
          )
        }
      >
        <p>{t('confirm.body', { names: removable.map((n) => n.name).join(', ') })}</p>
        {protectedOnes.length > 0 && (
          <p className="mt-2">{t('confirm.skipped', { names: protectedOnes.join(', ') })}</p>
        )}
      </ConfirmDialog>

      <PruneDialog
        open={pruning}
        namespace="networks"
        previewKey={networkKeys.prunePreview(env, pruneFilters)}
        loadPreview={() => fetchNetworkPrunePreview(pruneFilters)}
        pending={prune.isPending}
        onCancel={() => setPruning(false)}
        onConfirm={(preview) =>
          prune.mutate(
            { filters: pruneFilters, ids: preview.items.map((i) => i.id) },
            { onSuccess: () => setPruning(false) },
          )
        }
      >
        <PruneLabelField namespace="networks" value={pruneLabel} onChange={setPruneLabel} />
      </PruneDialog>
    </div>
  );
}

function NetworkRow({
  network: n,
  checked,
  onToggle,
}: {
  network: NetworkSummary;
  checked: boolean;
  onToggle: (id: string) => void;
}) {
  const t = useTranslations('networks');
  const locale = useLocale();
  const flags = (
    [
      ['predefined', n.predefined],
      ['internal', n.internal],
      ['attachable', n.attachable],
      ['ipv6', n.ipv6],
      ['ingress', n.ingress],
    ] as const
  ).filter(([, on]) => on);
  return (
    <tr
      className={`border-b border-slate-100 dark:border-slate-800 ${checked ? 'bg-sky-50/60 dark:bg-sky-950/40' : ''}`}
      data-testid="network-row"
      data-name={n.name}
      data-containers={n.containerCount}
    >
      <td className="px-3 py-2">
        <input
          type="checkbox"
          aria-label={t('select', { name: n.name })}
          checked={checked}
          disabled={n.predefined}
          onChange={() => onToggle(n.id)}
        />
      </td>
      <td className="px-3 py-2">
        <span className="flex flex-wrap items-center gap-1.5">
          <Link
            href={`/networks/${n.id}`}
            className="font-medium text-sky-700 hover:underline dark:text-sky-400"
          >
            {n.name}
          </Link>
          {flags.map(([flag]) => (
            <span
              key={flag}
              className="rounded bg-slate-100 px-1.5 text-xs text-slate-600 dark:bg-slate-800 dark:text-slate-300"
            >
              {t(`flags.${flag}`)}
            </span>
          ))}
        </span>
      </td>
      <td className="px-3 py-2 font-mono text-xs">{n.driver}</td>
      <td className="px-3 py-2 text-xs">{n.scope}</td>
      <td className="px-3 py-2 font-mono text-xs">{n.pools.map((p) => p.subnet).join(', ') || '—'}</td>
      <td className="px-3 py-2 font-mono text-xs">
        {n.pools
          .map((p) => p.gateway)
          .filter(Boolean)
          .join(', ') || '—'}
      </td>
      <td className="px-3 py-2 text-xs" data-testid="network-containers">
        {n.containerCount}
      </td>
      <td
        className="px-3 py-2 text-xs text-slate-500"
        title={n.created ? new Date(n.created).toLocaleString(locale) : undefined}
      >
        {n.created ? formatRelative(n.created, locale) : '—'}
      </td>
    </tr>
  );
}
