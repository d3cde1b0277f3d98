'use client';

import { useTranslations } from 'next-intl';
import { useContainerTop } from '@/components/containers/queries';
import { CliCommand } from '@/components/ui/CliCommand';
import { renderContainerCommand } from '@/lib/containers/cli';

export function ProcessesTab({ id, name, running }: { id: string; name: string; running: boolean }) {
  const t = useTranslations('detail.processes');
  const top = useContainerTop(id, running);
  return (
    <div className="flex flex-col gap-3">
      <CliCommand command={renderContainerCommand({ action: 'top', targets: [name] })} />
      {!running ? (
        <p className="text-sm text-slate-500">{t('notRunning')}</p>
      ) : top.isError ? (
        <p role="alert" className="text-sm text-red-600">
          {top.error.message}
        </p>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
          <table className="w-full text-left font-mono text-xs" data-testid="process-table">
            <thead className="border-b border-slate-200 text-slate-500 dark:border-slate-800">
              <tr>
                {top.data?.titles.map((title) => (
                  <th key={title} className="px-3 py-2 font-semibold">
                    {title}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {top.data?.processes.map((proc) => (
                <tr key={proc.join('|')} className="border-b border-slate-100 dark:border-slate-800">
                  {proc.map((cell, j) => (
                    <td key={top.data?.titles[j] ?? cell} className="px-3 py-1.5 whitespace-nowrap">
                      {cell}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
