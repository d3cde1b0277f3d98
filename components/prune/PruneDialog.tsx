'use client';

import { type QueryKey, useQuery } from '@tanstack/react-query';
import { Loader2 } from 'lucide-react';
import { useLocale, useTranslations } from 'next-intl';
import type { ReactNode } from 'react';
import { ConfirmDialog } from '@/components/ui/ConfirmDialog';
import { formatBytes } from '@/lib/format';
import type { PrunePreview } from '@/lib/prune/types';

interface PruneDialogProps {
  open: boolean;
  /** The namespace whose `prune.*` strings the dialog shows (each resource words its own prune). */
  namespace: 'volumes' | 'networks';
  previewKey: QueryKey;
  loadPreview: () => Promise<PrunePreview>;
  /** Filters and options above the list; changing them reloads the preview. */
  children?: ReactNode;
  pending: boolean;
  onConfirm: (preview: PrunePreview) => void;
  onCancel: () => void;
}

/**
 * Prune in two steps: the preview lists exactly what would go and the space it frees; confirming removes
 * those items and nothing that appeared since.
 */
export function PruneDialog(props: PruneDialogProps) {
  const t = useTranslations(`${props.namespace}.prune`);
  const locale = useLocale();
  const preview = useQuery({
    queryKey: props.previewKey,
    queryFn: props.loadPreview,
    enabled: props.open,
    staleTime: 0,
    gcTime: 0,
  });
  const items = preview.data?.items ?? [];
  const ready = preview.isSuccess && !preview.isFetching;
  return (
    <ConfirmDialog
      open={props.open}
      title={t('title')}
      command={preview.data?.command}
      confirmLabel={
        props.pending ? t('pruning', { count: items.length }) : t('confirm', { count: items.length })
      }
      danger
      pending={props.pending || !ready || items.length === 0}
      onCancel={props.onCancel}
      onConfirm={() => preview.data && props.onConfirm(preview.data)}
    >
      <div className="flex flex-col gap-3">
        <p>{t('body')}</p>
        {props.children}
        {preview.isError ? (
          <p role="alert" className="text-red-600 dark:text-red-400">
            {preview.error.message}
          </p>
        ) : !ready ? (
          <p className="flex items-center gap-2 text-slate-500">
            <Loader2 className="h-4 w-4 animate-spin" aria-hidden />
            {t('loading')}
          </p>
        ) : items.length === 0 ? (
          <p data-testid="prune-empty">{t('empty')}</p>
        ) : (
          <>
            <p className="font-medium" data-testid="prune-summary">
              {preview.data?.reclaimable === null || preview.data?.reclaimable === undefined
                ? t('summary', { count: items.length })
                : t('summarySize', {
                    count: items.length,
                    size: formatBytes(preview.data.reclaimable, locale),
                  })}
            </p>
            <ul
              className="max-h-60 overflow-y-auto rounded-md border border-slate-200 font-mono text-xs dark:border-slate-700"
              data-testid="prune-items"
            >
              {items.map((item) => (
                <li
                  key={item.id}
                  className="flex justify-between gap-3 border-b border-slate-100 px-2 py-1 last:border-0 dark:border-slate-800"
                  data-testid="prune-item"
                  data-name={item.name}
                >
                  <span className="truncate" title={item.name}>
                    {item.name}
                  </span>
                  {item.size !== null && (
                    <span className="shrink-0 text-slate-500">{formatBytes(item.size, locale)}</span>
                  )}
                </li>
              ))}
            </ul>
          </>
        )}
        {props.pending && (
          <p className="flex items-center gap-2 text-slate-500" role="status">
            <Loader2 className="h-4 w-4 animate-spin" aria-hidden />
            {t('pruning', { count: items.length })}
          </p>
        )}
      </div>
    </ConfirmDialog>
  );
}

/** `key` or `key=value` typed by the user, as the filters of a prune. */
export function labelFilters(text: string) {
  const label = text.trim();
  return { label: label ? [label] : [], labelNot: [] };
}

/** The label filter above a prune preview, in the namespace's own words. */
export function PruneLabelField({
  namespace,
  value,
  onChange,
}: {
  namespace: PruneDialogProps['namespace'];
  value: string;
  onChange: (next: string) => void;
}) {
  const t = useTranslations(`${namespace}.prune`);
  return (
    <label className="flex flex-col gap-1">
      <span>{t('label')}</span>
      <input
        value={value}
        onChange={(e) => onChange(e.target.value)}
        placeholder={t('labelPlaceholder')}
        className="rounded-md border border-slate-300 bg-white px-2 py-1.5 font-mono text-sm dark:border-slate-700 dark:bg-slate-950"
      />
    </label>
  );
}
