'use client';

import { useLocale, useTranslations } from 'next-intl';
import { useMemo } from 'react';
import { sortTasks } from '@/components/swarm/form';
import { useTasks } from '@/components/swarm/queries';
import { CliCommand } from '@/components/ui/CliCommand';
import { Table } from '@/components/ui/Table';
import { formatRelative, shortId } from '@/lib/format';
import type { TaskView } from '@/lib/swarm/types';

const STATE_COLOUR: Record<string, string> = {
  running: 'text-emerald-700 dark:text-emerald-400',
  failed: 'text-red-700 dark:text-red-400',
  rejected: 'text-red-700 dark:text-red-400',
};

/** `docker service ps` / `docker node ps`: the tasks of a service or of a node, polled while they move. */
export function TasksPanel({
  filter,
  command,
}: {
  filter: { service: string } | { node: string };
  command: string;
}) {
  const t = useTranslations('swarm.tasks');
  const tasks = useTasks(filter);
  const rows = useMemo(() => sortTasks(tasks.data ?? []), [tasks.data]);
  return (
    <div className="flex flex-col gap-2">
      <CliCommand command={command} />
      {tasks.isError && !tasks.data ? (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          {tasks.error.message}
        </p>
      ) : (
        <TasksTable tasks={rows} showService={'node' in filter} loading={tasks.isLoading} />
      )}
      <span className="sr-only">{t('count', { count: rows.length })}</span>
    </div>
  );
}

export function TasksTable({
  tasks,
  showService,
  loading,
}: {
  tasks: TaskView[];
  showService: boolean;
  loading: boolean;
}) {
  const t = useTranslations('swarm.tasks');
  const locale = useLocale();
  const columns = [
    ...(showService ? [t('service')] : []),
    t('slot'),
    t('node'),
    t('state'),
    t('desired'),
    t('message'),
    t('since'),
  ];
  return (
    <Table
      columns={columns}
      testId="swarm-task-table"
      after={
        tasks.length === 0 && (
          <p className="p-4 text-center text-sm text-slate-500">{loading ? t('loading') : t('empty')}</p>
        )
      }
    >
      {tasks.map((task) => (
        <tr
          key={task.id}
          className="border-b border-slate-100 dark:border-slate-800"
          data-testid="swarm-task-row"
          data-state={task.state}
          data-desired={task.desiredState}
        >
          {showService && <td className="px-3 py-2 font-medium">{task.serviceName}</td>}
          <td className="px-3 py-2 font-mono text-xs" title={task.id}>
            {task.slot ?? shortId(task.id)}
          </td>
          <td className="px-3 py-2 text-xs">{task.nodeHostname ?? task.nodeId ?? '—'}</td>
          <td className={`px-3 py-2 text-xs font-medium ${STATE_COLOUR[task.state] ?? ''}`}>{task.state}</td>
          <td className="px-3 py-2 text-xs">{task.desiredState}</td>
          <td className="max-w-md px-3 py-2 text-xs break-words">
            {task.error ? <span className="text-red-700 dark:text-red-400">{task.error}</span> : task.message}
          </td>
          <td
            className="px-3 py-2 text-xs text-slate-500"
            title={new Date(task.updatedAt).toLocaleString(locale)}
          >
            {formatRelative(Date.parse(task.updatedAt), locale)}
          </td>
        </tr>
      ))}
    </Table>
  );
}
