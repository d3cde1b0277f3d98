'use client';

import { useQueries, useQueryClient } from '@tanstack/react-query';
import { useLocale, useTranslations } from 'next-intl';
import { useState } from 'react';
import { apiFetch } from '@/components/api/client';
import { useCan } from '@/components/auth/queries';
import { useEnvironment } from '@/components/environments/current';
import { DiskUsageChart } from '@/components/system/DiskUsageChart';
import { systemKeys, useDiskUsage } from '@/components/system/queries';
import { Button } from '@/components/ui/Button';
import { CliCommand } from '@/components/ui/CliCommand';
import { ConfirmDialog } from '@/components/ui/ConfirmDialog';
import { imagesApi } from '@/lib/api/images';
import { networksApi } from '@/lib/api/networks';
import { systemApi } from '@/lib/api/system';
import { volumesApi } from '@/lib/api/volumes';
import type { Permission } from '@/lib/auth/roles';
import { dockerKeys } from '@/lib/containers/keys';
import { formatBytes } from '@/lib/format';
import type { PrunePreview as ResourcePreview } from '@/lib/prune/types';
import type { PruneItem, PrunePlan } from '@/lib/system/types';

type Kind = 'containers' | 'images' | 'volumes' | 'networks' | 'buildCache';

interface Section {
  kind: Kind;
  permission: Permission;
  preview: (all: boolean, labels: string[]) => Promise<PrunePlan>;
  /** Prunes what the preview listed (by id where the API takes ids); returns bytes reclaimed. */
  prune: (plan: PrunePlan, all: boolean, labels: string[]) => Promise<{ removed: number; reclaimed: number }>;
  /** Whether `--filter label=…` applies (the builder cache has no labels). */
  labelled: boolean;
  /** The `-a` variant: images (unused, not only dangling) and volumes (named ones too). */
  allOption?: boolean;
}

const SECTIONS: Section[] = [
  {
    kind: 'containers',
    permission: 'containers:write',
    labelled: true,
    preview: (_all, labels) =>
      apiFetch(systemApi.containerPrunePreview, { query: { labels: labels.join(',') || undefined } }),
    prune: async (plan, _all, labels) => {
      const r = await apiFetch(systemApi.containerPrune, {
        json: { ids: plan.items.map((i) => i.id), labels },
      });
      return { removed: r.removed.length, reclaimed: r.reclaimed };
    },
  },
  {
    kind: 'images',
    permission: 'images:write',
    allOption: true,
    labelled: true,
    preview: async (all, labels) => {
      const p = await apiFetch(imagesApi.prunePreview, {
        query: { all, labels: labels.join(',') || undefined },
      });
      return {
        items: p.images.map((i) => ({
          id: i.id,
          name: i.tags[0] ?? i.id.replace('sha256:', '').slice(0, 12),
          size: i.size,
        })),
        reclaimable: p.reclaimable,
        command: `docker image prune${all ? ' -a' : ''}${labels.map((l) => ` --filter label=${l}`).join('')}`,
      };
    },
    prune: async (_plan, all, labels) => {
      const r = await apiFetch(imagesApi.prune, { json: { all, labels } });
      return { removed: r.deleted.length, reclaimed: r.spaceReclaimed };
    },
  },
  {
    kind: 'volumes',
    permission: 'volumes:write',
    allOption: true,
    labelled: true,
    preview: async (all, labels) =>
      toPlan(
        await apiFetch(volumesApi.prunePreview, {
          query: { all, filters: JSON.stringify({ label: labels }) },
        }),
      ),
    prune: async (plan, all, labels) => {
      const r = await apiFetch(volumesApi.prune, {
        json: { all, filters: { label: labels, labelNot: [] }, ids: plan.items.map((i) => i.id) },
      });
      return { removed: r.removed.length, reclaimed: r.reclaimed };
    },
  },
  {
    kind: 'networks',
    permission: 'networks:write',
    labelled: true,
    preview: async (_all, labels) =>
      toPlan(
        await apiFetch(networksApi.prunePreview, { query: { filters: JSON.stringify({ label: labels }) } }),
      ),
    prune: async (plan, _all, labels) => {
      const r = await apiFetch(networksApi.prune, {
        json: { filters: { label: labels, labelNot: [] }, ids: plan.items.map((i) => i.id) },
      });
      return { removed: r.removed.length, reclaimed: 0 };
    },
  },
  {
    kind: 'buildCache',
    permission: 'images:write',
    labelled: false,
    preview: () => apiFetch(systemApi.buildCachePrunePreview),
    prune: async () => {
      const r = await apiFetch(systemApi.buildCachePrune, { json: {} });
      return { removed: r.removed.length, reclaimed: r.reclaimed };
    },
  },
];

function toPlan(p: ResourcePreview): PrunePlan {
  return { items: p.items, reclaimable: p.reclaimable ?? 0, command: p.command };
}

type RunState =
  | { status: 'running' }
  | { status: 'done'; removed: number; reclaimed: number }
  | { status: 'error'; message: string };

/**
 * `docker system prune`, made visible: each kind lists exactly what its prune would remove and the space it
 * frees, the user ticks the kinds to prune, confirms, and watches each one run.
 */
export function PrunePage() {
  const env = useEnvironment();
  const t = useTranslations('system');
  const locale = useLocale();
  const queryClient = useQueryClient();
  const df = useDiskUsage();
  const [all, setAll] = useState<Record<Kind, boolean>>({
    containers: false,
    images: false,
    volumes: false,
    networks: false,
    buildCache: false,
  });
  const [ticked, setTicked] = useState<ReadonlySet<Kind>>(new Set());
  const [labelDraft, setLabelDraft] = useState('');
  const [labels, setLabels] = useState<string[]>([]);
  const [confirming, setConfirming] = useState(false);
  const [runs, setRuns] = useState<Partial<Record<Kind, RunState>>>({});
  const permitted = {
    containers: useCan('containers:write'),
    images: useCan('images:write'),
    volumes: useCan('volumes:write'),
    networks: useCan('networks:write'),
    buildCache: useCan('images:write'),
  } satisfies Record<Kind, boolean>;

  const previews = useQueries({
    queries: SECTIONS.map((s) => ({
      queryKey: systemKeys.prune(env, s.kind, all[s.kind], labels),
      queryFn: () => s.preview(all[s.kind], labels),
      enabled: s.labelled || labels.length === 0,
    })),
  });
  const planOf = (kind: Kind) => previews[SECTIONS.findIndex((s) => s.kind === kind)]?.data;
  const applies = (s: Section) => s.labelled || labels.length === 0;
  const chosen = SECTIONS.filter(
    (s) => applies(s) && ticked.has(s.kind) && (planOf(s.kind)?.items.length ?? 0) > 0,
  );
  const total = chosen.reduce((sum, s) => sum + (planOf(s.kind)?.reclaimable ?? 0), 0);
  const running = Object.values(runs).some((r) => r?.status === 'running');

  const run = async () => {
    setConfirming(false);
    for (const s of chosen) {
      const plan = planOf(s.kind);
      if (!plan) continue;
      setRuns((r) => ({ ...r, [s.kind]: { status: 'running' } }));
      try {
        const result = await s.prune(plan, all[s.kind], labels);
        setRuns((r) => ({ ...r, [s.kind]: { status: 'done', ...result } }));
      } catch (err) {
        setRuns((r) => ({ ...r, [s.kind]: { status: 'error', message: (err as Error).message } }));
      }
    }
    setTicked(new Set());
    await queryClient.invalidateQueries({ queryKey: dockerKeys.all });
  };

  return (
    <div className="flex flex-col gap-4">
      <div>
        <h1 className="text-xl font-semibold">{t('pruneTitle')}</h1>
        <p className="text-sm text-slate-500">{t('pruneIntro')}</p>
      </div>
      {df.data && <DiskUsageChart usage={df.data} />}
      <form
        className="flex flex-wrap items-end gap-2 text-sm"
        onSubmit={(e) => {
          e.preventDefault();
          setTicked(new Set());
          setLabels(
            labelDraft
              .split(',')
              .map((l) => l.trim())
              .filter(Boolean),
          );
        }}
      >
        <label className="flex min-w-64 flex-1 flex-col gap-1">
          {t('labelFilter')}
          <input
            className="rounded-md border border-slate-300 bg-white px-2 py-1 font-mono dark:border-slate-700 dark:bg-slate-900"
            placeholder="com.example.env=test"
            value={labelDraft}
            onChange={(e) => setLabelDraft(e.target.value)}
            data-testid="prune-label"
          />
        </label>
        <Button type="submit">{t('applyFilter')}</Button>
      </form>
      {SECTIONS.map((s, i) => {
        const q = previews[i];
        const plan = q?.data;
        const state = runs[s.kind];
        const disabled = !permitted[s.kind] || !applies(s) || !plan?.items.length || running;
        return (
          <section
            key={s.kind}
            className="flex flex-col gap-2 rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900"
            data-testid={`prune-${s.kind}`}
          >
            <div className="flex flex-wrap items-center gap-3">
              <label className="flex items-center gap-2 font-medium">
                <input
                  type="checkbox"
                  checked={ticked.has(s.kind)}
                  disabled={disabled}
                  onChange={() =>
                    setTicked((prev) => {
                      const next = new Set(prev);
                      if (!next.delete(s.kind)) next.add(s.kind);
                      return next;
                    })
                  }
                  data-testid={`prune-tick-${s.kind}`}
                />
                {t(`kind.${s.kind}`)}
              </label>
              {s.allOption && (
                <label className="flex items-center gap-1 text-sm text-slate-600 dark:text-slate-300">
                  <input
                    type="checkbox"
                    checked={all[s.kind]}
                    disabled={running}
                    onChange={() => setAll((a) => ({ ...a, [s.kind]: !a[s.kind] }))}
                  />
                  {t(`all.${s.kind}`)}
                </label>
              )}
              <span className="ml-auto text-sm text-slate-500" data-testid={`prune-summary-${s.kind}`}>
                {!applies(s)
                  ? t('noLabels')
                  : plan
                    ? t('wouldRemove', {
                        count: plan.items.length,
                        size: formatBytes(plan.reclaimable, locale),
                      })
                    : q?.isError
                      ? q.error.message
                      : t('measuring')}
              </span>
            </div>
            {plan && <CliCommand command={plan.command} />}
            {plan && plan.items.length > 0 && <ItemList items={plan.items} />}
            {!permitted[s.kind] && <p className="text-xs text-slate-500">{t('notAllowed')}</p>}
            {state && (
              <p
                role="status"
                className={`text-sm ${state.status === 'error' ? 'text-red-600' : 'text-emerald-700 dark:text-emerald-400'}`}
                data-testid={`prune-result-${s.kind}`}
                data-status={state.status}
              >
                {state.status === 'running'
                  ? t('running')
                  : state.status === 'done'
                    ? t('done', { count: state.removed, size: formatBytes(state.reclaimed, locale) })
                    : state.message}
              </p>
            )}
          </section>
        );
      })}
      <div className="sticky bottom-0 flex flex-wrap items-center gap-3 border-t border-slate-200 bg-slate-50/95 py-3 dark:border-slate-800 dark:bg-slate-950/95">
        <span className="text-sm" data-testid="prune-total">
          {t('total', { count: chosen.length, size: formatBytes(total, locale) })}
        </span>
        <Button
          variant="danger"
          className="ml-auto"
          disabled={!chosen.length || running}
          onClick={() => setConfirming(true)}
          data-testid="prune-run"
        >
          {t('pruneSelected')}
        </Button>
      </div>
      <ConfirmDialog
        open={confirming}
        title={t('confirmTitle', { size: formatBytes(total, locale) })}
        command={chosen.map((s) => planOf(s.kind)?.command).join(' && ')}
        confirmLabel={t('pruneSelected')}
        danger
        onConfirm={() => void run()}
        onCancel={() => setConfirming(false)}
      >
        <ul className="list-disc pl-5 text-sm">
          {chosen.map((s) => (
            <li key={s.kind}>
              {t(`kind.${s.kind}`)}:{' '}
              {t('wouldRemove', {
                count: planOf(s.kind)?.items.length ?? 0,
                size: formatBytes(planOf(s.kind)?.reclaimable ?? 0, locale),
              })}
            </li>
          ))}
        </ul>
      </ConfirmDialog>
    </div>
  );
}

const SHOWN = 20;

function ItemList({ items }: { items: PruneItem[] }) {
  const t = useTranslations('system');
  const locale = useLocale();
  const [open, setOpen] = useState(false);
  const shown = open ? items : items.slice(0, SHOWN);
  return (
    <div className="text-xs">
      <ul className="grid gap-x-4 gap-y-0.5 font-mono sm:grid-cols-2" data-testid="prune-items">
        {shown.map((i) => (
          <li key={i.id} className="flex gap-2">
            <span className="min-w-0 flex-1 truncate" title={i.name}>
              {i.name}
            </span>
            {i.size !== null && <span className="text-slate-500">{formatBytes(i.size, locale)}</span>}
          </li>
        ))}
      </ul>
      {items.length > SHOWN && (
        <button
          type="button"
          className="mt-1 text-sky-700 hover:underline dark:text-sky-400"
          onClick={() => setOpen(!open)}
        >
          {open ? t('fewer') : t('more', { count: items.length - SHOWN })}
        </button>
      )}
    </div>
  );
}
