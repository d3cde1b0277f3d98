'use client';

import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { useMemo, useState } from 'react';
import { useContainers } from '@/components/containers/queries';
import { LogViewer } from '@/components/logs/LogViewer';
import { useLiveLogs } from '@/components/logs/useLiveLogs';
import { CliCommand } from '@/components/ui/CliCommand';
import {
  type LogSelection,
  MAX_MERGED,
  mergedLogsCommand,
  resolveSelection,
  selectionQuery,
} from '@/lib/logs/selection';

const TAILS = [100, 500, 1000, 5000] as const;

/** The merged logs of the stack's containers: the merged log view, selected by compose project. */
export function StackLogsTab({ name }: { name: string }) {
  const t = useTranslations('stacks.logs');
  const [tail, setTail] = useState<number>(500);
  const list = useContainers({ state: 'all' });
  const selection = useMemo<LogSelection>(() => ({ kind: 'project', project: name }), [name]);
  const { containers, beyondCap } = useMemo(
    () => resolveSelection(selection, list.data ?? []),
    [selection, list.data],
  );
  const ids = useMemo(() => containers.map((c) => c.id), [containers]);
  const names = useMemo(() => containers.map((c) => c.name), [containers]);
  const live = useLiveLogs(ids, tail);

  return (
    <div className="flex flex-col gap-3">
      <div className="flex flex-wrap items-center gap-3 text-sm">
        <span data-testid="stack-logs-count">{t('following', { count: containers.length })}</span>
        {beyondCap > 0 && (
          <span className="text-amber-600">{t('capped', { count: beyondCap, max: MAX_MERGED })}</span>
        )}
        <Link
          href={`/logs${selectionQuery(selection)}`}
          className="text-sky-700 hover:underline dark:text-sky-400"
          data-testid="stack-logs-open"
        >
          {t('openMerged')}
        </Link>
        <label className="ml-auto flex items-center gap-2">
          {t('tail')}
          <select
            className="rounded-md border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-700 dark:bg-slate-900"
            value={tail}
            onChange={(e) => setTail(Number(e.target.value))}
          >
            {TAILS.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
      </div>
      <CliCommand command={mergedLogsCommand(selection, names, tail)} />
      {containers.length ? (
        <LogViewer
          lines={live.lines}
          sources={names}
          version={live.version}
          dropped={live.dropped}
          status={live.status}
          error={live.error}
          onClear={live.clear}
          downloadName={`${name}.log`}
        />
      ) : (
        <p className="rounded-lg border border-dashed border-slate-300 p-8 text-center text-sm text-slate-500 dark:border-slate-700">
          {list.isLoading ? t('loading') : t('none')}
        </p>
      )}
    </div>
  );
}
