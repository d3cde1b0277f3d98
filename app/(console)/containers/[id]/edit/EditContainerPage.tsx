'use client';

import { useTranslations } from 'next-intl';
import { useMemo, useState } from 'react';
import { ApiError } from '@/components/api/client';
import { ContainerForm } from '@/components/containers/form/ContainerForm';
import { useRecreateContainer } from '@/components/containers/mutations';
import { useContainerSettings } from '@/components/containers/queries';
import { BackLink } from '@/components/detail/BackLink';
import { useRouter } from '@/components/environments/navigation';
import { CliCommand } from '@/components/ui/CliCommand';
import { queryGate } from '@/components/ui/QueryGate';
import { formStateOfSettings } from '@/lib/containers/form-state';
import { recreateCommands } from '@/lib/containers/recreate-plan';

/** The recreate route's errors name `body.form.<field>`: the form knows its fields as `body.<field>`. */
const formErrors = (fields: readonly { path: string; message: string }[]) =>
  fields.map((f) => ({ ...f, path: f.path.replace(/^body\.form\./, 'body.') }));

/**
 * Edit a container's settings: the create form filled from its inspect; saving recreates it under its name
 * (the old one is kept aside until the new one runs, and put back if it does not).
 */
export function EditContainerPage({ id }: { id: string }) {
  const t = useTranslations('edit');
  const router = useRouter();
  const settings = useContainerSettings(id);
  const recreate = useRecreateContainer();
  const [serverErrors, setServerErrors] = useState<{ path: string; message: string }[]>();
  const read = useMemo(
    () => (settings.data ? formStateOfSettings(settings.data.form) : null),
    [settings.data],
  );

  const back = <BackLink href={`/containers/${id}`} label={t('back')} />;
  const gate = queryGate(settings, { loading: t('loading'), notFound: t('notFound', { id }) }, back);
  if (gate || !settings.data || !read) return gate;
  const data = settings.data;

  return (
    <div className="mx-auto flex max-w-4xl flex-col gap-6">
      {back}
      <h1 className="text-2xl font-semibold" data-testid="edit-title">
        {t('heading', { name: data.name })}
      </h1>
      <section className="flex flex-col gap-2 text-sm text-slate-600 dark:text-slate-300">
        <p>{t('intro')}</p>
        <CliCommand command={recreateCommands({ ...data, pull: false }).join(' && ')} />
      </section>
      {'error' in read ? (
        <p role="alert" className="whitespace-pre-wrap text-sm text-red-700 dark:text-red-400">
          {t('unreadable', { error: read.error })}
        </p>
      ) : (
        <ContainerForm
          key={data.id}
          initial={read.state}
          mode="edit"
          notes={data.notes}
          pending={recreate.isPending}
          serverErrors={serverErrors}
          submitLabel={t('submit')}
          onCancel={() => router.push(`/containers/${id}`)}
          onSubmit={(form) =>
            // mutateAsync: the old container's queries go 404 once it is replaced, which may unmount this form
            // before a per-call onSuccess could run.
            recreate
              .mutateAsync({ id: data.id, form })
              .then((result) => router.push(`/containers/${result.id}`))
              .catch((err) => {
                if (err instanceof ApiError && err.fields.length) setServerErrors(formErrors(err.fields));
              })
          }
        />
      )}
    </div>
  );
}
