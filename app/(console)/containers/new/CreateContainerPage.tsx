'use client';

import { useTranslations } from 'next-intl';
import { useMemo, useState } from 'react';
import { ApiError } from '@/components/api/client';
import { ContainerForm } from '@/components/containers/form/ContainerForm';
import { useCreateContainer } from '@/components/containers/mutations';
import { useContainerSettings } from '@/components/containers/queries';
import { useRouter, useSearchParams } from '@/components/environments/navigation';
import { EMPTY_FORM_STATE, formStateOfSettings } from '@/lib/containers/form-state';

/**
 * Create a container from the form or a pasted `docker run` line; with `?from=<id>`, duplicate one: the form
 * starts from that container's settings under a new name.
 */
export function CreateContainerPage() {
  const t = useTranslations('create');
  const router = useRouter();
  const from = useSearchParams().get('from');
  const source = useContainerSettings(from);
  const create = useCreateContainer();
  const [serverErrors, setServerErrors] = useState<{ path: string; message: string }[]>();
  const copy = useMemo(
    () => (source.data ? formStateOfSettings(source.data.form, { name: `${source.data.name}-copy` }) : null),
    [source.data],
  );

  if (from && !copy)
    return (
      <p className="text-sm text-slate-500" role={source.isError ? 'alert' : undefined}>
        {source.isError ? source.error.message : t('duplicate.loading')}
      </p>
    );
  const duplicating = from !== null && copy !== null && 'state' in copy;

  return (
    <div className="mx-auto flex max-w-4xl flex-col gap-6">
      <h1 className="text-2xl font-semibold">
        {duplicating && source.data ? t('duplicate.title', { name: source.data.name }) : t('title')}
      </h1>
      {copy && 'error' in copy && (
        <p role="alert" className="whitespace-pre-wrap text-sm text-red-700 dark:text-red-400">
          {t('duplicate.unreadable', { error: copy.error })}
        </p>
      )}
      <ContainerForm
        key={duplicating ? `from-${from}` : 'new'}
        initial={duplicating ? copy.state : EMPTY_FORM_STATE}
        mode={duplicating ? 'duplicate' : 'create'}
        notes={duplicating ? [t('duplicate.note'), ...(source.data?.notes ?? [])] : undefined}
        pending={create.isPending}
        serverErrors={serverErrors}
        onCancel={() => router.push('/containers')}
        onSubmit={(form) =>
          create.mutate(form, {
            onSuccess: (created) => router.push(`/containers/${created.id}`),
            onError: (err) => {
              if (err instanceof ApiError && err.fields.length) setServerErrors(err.fields);
            },
          })
        }
      />
    </div>
  );
}
