'use client';

import { useTranslations } from 'next-intl';
import { useMemo } from 'react';
import { useContainers } from '@/components/containers/queries';
import Link from '@/components/environments/EnvLink';
import { MergedLogsView } from '@/components/logs/MergedLogsView';
import { type LogSelection, resolveSelection, selectionQuery } from '@/lib/logs/selection';

/** The merged logs of the stack's containers: the merged log view, selected by compose project. */
export function StackLogsTab({ name }: { name: string }) {
  const t = useTranslations('stacks.logs');
  const list = useContainers({ state: 'all' });
  const selection = useMemo<LogSelection>(() => ({ kind: 'project', project: name }), [name]);
  const { containers, beyondCap } = useMemo(
    () => resolveSelection(selection, list.data ?? []),
    [selection, list.data],
  );

  return (
    <div className="flex flex-col gap-3">
      <MergedLogsView
        selection={selection}
        containers={containers}
        beyondCap={beyondCap}
        initialTail={500}
        countTestId="stack-logs-count"
        downloadName={`${name}.log`}
        empty={list.isLoading ? t('loading') : t('none')}
        toolbar={
          <Link
            href={`/logs${selectionQuery(selection)}`}
            className="text-sky-700 hover:underline dark:text-sky-400"
            data-testid="stack-logs-open"
          >
            {t('openMerged')}
          </Link>
        }
      />
    </div>
  );
}
