'use client';

import { useTranslations } from 'next-intl';
import { useStackConfig } from '@/components/stacks/queries';
import { ComposeEditor } from '@/components/stacks/StackFilesForm';
import { Button } from '@/components/ui/Button';
import { CliCommand } from '@/components/ui/CliCommand';
import { renderStackConfigCommand } from '@/lib/stacks/cli';

/** The file as Compose resolves it (`docker compose config`), and which services run an older config. */
export function ConfigTab({ name }: { name: string }) {
  const t = useTranslations('stacks.config');
  const config = useStackConfig(name, true);
  return (
    <div className="flex flex-col gap-3">
      <div className="flex items-center gap-2">
        <CliCommand command={renderStackConfigCommand(name)} className="flex-1" />
        <Button onClick={() => void config.refetch()} disabled={config.isFetching}>
          {t('refresh')}
        </Button>
      </div>
      {config.isLoading && <p className="text-sm text-slate-500">{t('loading')}</p>}
      {config.isError && (
        <p role="alert" className="text-sm text-red-600">
          {config.error.message}
        </p>
      )}
      {config.data && (
        <>
          {config.data.changedServices.length > 0 && (
            <p className="text-sm text-amber-700 dark:text-amber-400" data-testid="stack-config-changed">
              {t('changed', { services: config.data.changedServices.join(', ') })}
            </p>
          )}
          <ComposeEditor value={config.data.rendered} readOnly label={t('label')} testId="stack-config" />
        </>
      )}
    </div>
  );
}
