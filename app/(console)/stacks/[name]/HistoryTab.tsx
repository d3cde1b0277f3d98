'use client';

import { useLocale, useTranslations } from 'next-intl';
import { useState } from 'react';
import { useRollbackStack } from '@/components/stacks/mutations';
import { useStackVersion } from '@/components/stacks/queries';
import { ComposeEditor } from '@/components/stacks/StackFilesForm';
import type { useStackRun } from '@/components/stacks/useStackRun';
import { Button } from '@/components/ui/Button';
import { Table } from '@/components/ui/Table';
import { formatRelative } from '@/lib/format';
import type { StackDetail } from '@/lib/stacks/types';

/** The saved versions (newest first): who saved each and when, view one against now, roll back in one click. */
export function HistoryTab({
  stack,
  run,
  canWrite,
}: {
  stack: StackDetail;
  run: ReturnType<typeof useStackRun>;
  canWrite: boolean;
}) {
  const t = useTranslations('stacks.history');
  const locale = useLocale();
  const [viewing, setViewing] = useState<number | null>(null);
  const version = useStackVersion(stack.name, viewing);
  const rollback = useRollbackStack(stack.name);
  const current = stack.versions[0]?.version ?? null;

  // Restored files are deployed live, as any redeploy (after the promise: the page may re-render meanwhile).
  const restore = async (v: number) => {
    const restored = await rollback.mutateAsync(v).catch(() => null); // the error toast is the mutation's
    if (restored) run.start({ name: stack.name, action: 'up' });
  };

  if (stack.versions.length === 0) return <p className="text-sm text-slate-500">{t('none')}</p>;
  return (
    <div className="flex flex-col gap-4">
      <Table testId="stack-versions" columns={[t('version'), t('author'), t('saved'), t('deployed'), '']}>
        {stack.versions.map((v) => (
          <tr
            key={v.version}
            className="border-b border-slate-100 last:border-0 dark:border-slate-800"
            data-testid="stack-version"
            data-version={v.version}
          >
            <td className="px-3 py-2 font-mono">
              v{v.version}
              {v.version === current && <span className="ml-2 text-xs text-slate-500">{t('current')}</span>}
            </td>
            <td className="px-3 py-2">{v.author ?? t('system')}</td>
            <td className="px-3 py-2 text-xs" title={new Date(v.createdAt).toLocaleString(locale)}>
              {formatRelative(v.createdAt, locale)}
            </td>
            <td className="px-3 py-2 text-xs">{v.deployed ? t('yes') : t('no')}</td>
            <td className="flex justify-end gap-2 px-3 py-2">
              <Button onClick={() => setViewing(viewing === v.version ? null : v.version)}>
                {viewing === v.version ? t('hide') : t('view')}
              </Button>
              {canWrite && v.version !== current && (
                <Button
                  disabled={rollback.isPending || run.busy}
                  onClick={() => void restore(v.version)}
                  data-testid="stack-rollback"
                >
                  {t('rollback')}
                </Button>
              )}
            </td>
          </tr>
        ))}
      </Table>
      {viewing !== null && (
        <section className="flex flex-col gap-2">
          <h3 className="text-sm font-semibold">{t('diffTitle', { version: viewing })}</h3>
          {version.isError && <p className="text-sm text-red-600">{version.error.message}</p>}
          {version.data && (
            // The current file, marked with what differs from the viewed version.
            <ComposeEditor
              key={viewing}
              value={stack.compose ?? ''}
              original={version.data.compose}
              readOnly
              label={t('diffTitle', { version: viewing })}
              testId="stack-version-diff"
            />
          )}
        </section>
      )}
    </div>
  );
}
