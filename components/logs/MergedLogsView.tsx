'use client';

import { useTranslations } from 'next-intl';
import { type ReactNode, useMemo, useState } from 'react';
import { LogViewer } from '@/components/logs/LogViewer';
import { TailSelect } from '@/components/logs/TailSelect';
import { useLiveLogs } from '@/components/logs/useLiveLogs';
import { CliCommand } from '@/components/ui/CliCommand';
import type { ContainerSummary } from '@/lib/containers/types';
import { type LogSelection, MAX_MERGED, mergedLogsCommand } from '@/lib/logs/selection';

const TAILS = [100, 500, 1000, 5000] as const;

/**
 * The logs of a resolved selection, interleaved by time: the toolbar (count, cap, backlog), the CLI line and the
 * viewer. The logs page and a stack's logs tab show the same view around their own ways of choosing.
 */
export function MergedLogsView({
  selection,
  containers,
  beyondCap,
  initialTail = 100,
  countTestId,
  toolbar,
  empty,
  downloadName,
}: {
  selection: LogSelection;
  containers: ContainerSummary[];
  beyondCap: number;
  initialTail?: number;
  countTestId: string;
  /** Links or controls placed after the count. */
  toolbar?: ReactNode;
  empty: ReactNode;
  downloadName: string;
}) {
  const t = useTranslations('mergedLogs');
  const [tail, setTail] = useState<number>(initialTail);
  const ids = useMemo(() => containers.map((c) => c.id), [containers]);
  const names = useMemo(() => containers.map((c) => c.name), [containers]);
  const live = useLiveLogs(ids, tail);

  return (
    <>
      <div className="flex flex-wrap items-center gap-3 text-sm">
        <span data-testid={countTestId}>{t('following', { count: containers.length })}</span>
        {beyondCap > 0 && (
          <span className="text-amber-600">{t('capped', { count: beyondCap, max: MAX_MERGED })}</span>
        )}
        {toolbar}
        <TailSelect label={t('tail')} value={tail} options={TAILS} onChange={setTail} />
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
          downloadName={downloadName}
        />
      ) : (
        <p className="rounded-lg border border-dashed border-slate-300 p-8 text-center text-sm text-slate-500 dark:border-slate-700">
          {empty}
        </p>
      )}
    </>
  );
}
