'use client';

import { RefreshCw } from 'lucide-react';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { useContainerLogs } from '@/components/containers/queries';
import { Button } from '@/components/ui/Button';
import { CliCommand } from '@/components/ui/CliCommand';
import { renderContainerCommand } from '@/lib/containers/cli';

const TAILS = [100, 500, 1000, 5000] as const;

/** A static tail; live following over socket.io comes with the realtime work (issue #4). */
export function LogsTab({ id, name }: { id: string; name: string }) {
  const t = useTranslations('detail.logs');
  const [tail, setTail] = useState<number>(500);
  const logs = useContainerLogs(id, tail);
  return (
    <div className="flex flex-col gap-3">
      <div className="flex flex-wrap items-center gap-2">
        <label className="flex items-center gap-2 text-sm">
          {t('tail')}
          <select
            value={tail}
            onChange={(e) => setTail(Number(e.target.value))}
            className="rounded-md border border-slate-300 bg-white px-2 py-1 dark:border-slate-700 dark:bg-slate-900"
          >
            {TAILS.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
        <Button onClick={() => logs.refetch()} disabled={logs.isFetching}>
          <RefreshCw className={`h-4 w-4 ${logs.isFetching ? 'animate-spin' : ''}`} aria-hidden />
          {t('refresh')}
        </Button>
      </div>
      <CliCommand
        command={renderContainerCommand({ action: 'logs', targets: [name], tail, timestamps: true })}
      />
      {logs.isError ? (
        <p role="alert" className="text-sm text-red-600">
          {logs.error.message}
        </p>
      ) : (
        <pre
          className="max-h-[60vh] overflow-auto rounded-lg bg-slate-950 p-3 font-mono text-xs leading-5 text-slate-100"
          data-testid="log-lines"
        >
          {logs.data?.length === 0 && <span className="text-slate-500">{t('empty')}</span>}
          {logs.data?.map((line, i) => (
            <div
              // biome-ignore lint/suspicious/noArrayIndexKey: a log line's place in the tail is its identity
              key={`${i}-${line.time ?? ''}`}
              className={line.stream === 'stderr' ? 'text-red-300' : ''}
              data-stream={line.stream}
            >
              {line.time && (
                <span className="mr-2 text-slate-500 select-none">
                  {line.time.slice(0, 23).replace('T', ' ')}
                </span>
              )}
              {line.text}
            </div>
          ))}
        </pre>
      )}
    </div>
  );
}
