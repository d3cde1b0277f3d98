'use client';

import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { queryString } from '@/components/api/client';
import { LogViewer } from '@/components/logs/LogViewer';
import { useLiveLogs } from '@/components/logs/useLiveLogs';
import { CliCommand } from '@/components/ui/CliCommand';
import { renderContainerCommand } from '@/lib/containers/cli';

const TAILS = [100, 500, 1000, 5000, 20000] as const;

/** Live logs: a backlog of the last lines, then every new line as it is written. */
export function LogsTab({ id, name }: { id: string; name: string }) {
  const t = useTranslations('detail.logs');
  const [tail, setTail] = useState<number>(500);
  const live = useLiveLogs(id, tail);
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
      </div>
      <CliCommand
        command={`${renderContainerCommand({ action: 'logs', targets: [name], tail, timestamps: true }).replace(/^docker logs/, 'docker logs -f')}`}
      />
      <LogViewer
        lines={live.lines}
        version={live.version}
        dropped={live.dropped}
        status={live.status}
        error={live.error}
        onClear={live.clear}
        downloadName={`${name}.log`}
        fullLogHref={`/api/containers/${encodeURIComponent(id)}/logs${queryString({ tail: 'all', timestamps: true, format: 'text' })}`}
      />
    </div>
  );
}
