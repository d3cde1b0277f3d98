'use client';

import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { useEnvironment } from '@/components/environments/current';
import { LogViewer } from '@/components/logs/LogViewer';
import { useServiceLogs } from '@/components/swarm/useServiceLogs';
import { CliCommand } from '@/components/ui/CliCommand';
import { serviceLogsCommand } from '@/lib/swarm/cli';
import type { ServiceView } from '@/lib/swarm/types';

const TAILS = [100, 200, 1000, 5000] as const;

/** `docker service logs --follow`: every task's lines, merged by time, each naming its task@node. */
export function ServiceLogs({ service }: { service: ServiceView }) {
  const t = useTranslations('swarm.logs');
  const env = useEnvironment();
  const [tail, setTail] = useState<number>(200);
  const live = useServiceLogs(service.id, tail, env, t('noAnswer'));
  return (
    <div className="flex flex-col gap-3">
      <div className="flex flex-wrap items-center gap-3 text-sm">
        <span data-testid="swarm-logs-tasks">{t('tasks', { count: live.sources.length })}</span>
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
      <CliCommand command={serviceLogsCommand(service.name, tail)} />
      <LogViewer
        lines={live.lines}
        sources={live.sources}
        version={live.version}
        dropped={live.dropped}
        status={live.status}
        error={live.error}
        onClear={live.clear}
        downloadName={`${service.name}.log`}
      />
    </div>
  );
}
