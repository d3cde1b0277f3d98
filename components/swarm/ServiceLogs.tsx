'use client';

import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { useEnvironment } from '@/components/environments/current';
import { LogViewer } from '@/components/logs/LogViewer';
import { TailSelect } from '@/components/logs/TailSelect';
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
        <TailSelect label={t('tail')} value={tail} options={TAILS} onChange={setTail} />
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
