'use client';

import { useTranslations } from 'next-intl';
import { useContainerChanges } from '@/components/containers/queries';
import { CliCommand } from '@/components/ui/CliCommand';
import { renderContainerCommand } from '@/lib/containers/cli';
import type { FilesystemChange } from '@/lib/containers/types';

const KIND_STYLES: Record<FilesystemChange['kind'], string> = {
  A: 'bg-emerald-100 text-emerald-800 dark:bg-emerald-950 dark:text-emerald-300',
  C: 'bg-amber-100 text-amber-800 dark:bg-amber-950 dark:text-amber-300',
  D: 'bg-red-100 text-red-800 dark:bg-red-950 dark:text-red-300',
};

export function ChangesTab({ id, name }: { id: string; name: string }) {
  const t = useTranslations('detail.changes');
  const changes = useContainerChanges(id);
  return (
    <div className="flex flex-col gap-3">
      <CliCommand command={renderContainerCommand({ action: 'diff', targets: [name] })} />
      {changes.isError ? (
        <p role="alert" className="text-sm text-red-600">
          {changes.error.message}
        </p>
      ) : changes.data?.length === 0 ? (
        <p className="text-sm text-slate-500">{t('none')}</p>
      ) : (
        <ul
          className="flex flex-col gap-1 rounded-lg border border-slate-200 bg-white p-3 font-mono text-xs dark:border-slate-800 dark:bg-slate-900"
          data-testid="changes-list"
        >
          {changes.data?.map((c) => (
            <li key={`${c.kind}${c.path}`} className="flex items-center gap-2">
              <span
                className={`w-5 rounded text-center font-bold ${KIND_STYLES[c.kind]}`}
                title={t(`kinds.${c.kind}`)}
              >
                {c.kind}
              </span>
              <span className="break-all">{c.path}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
