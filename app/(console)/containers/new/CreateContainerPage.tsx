'use client';

import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { ApiError } from '@/components/api/client';
import { ContainerForm } from '@/components/containers/form/ContainerForm';
import { useCreateContainer } from '@/components/containers/mutations';
import { EMPTY_FORM_STATE } from '@/lib/containers/form-state';

export function CreateContainerPage() {
  const t = useTranslations('create');
  const router = useRouter();
  const create = useCreateContainer();
  const [serverErrors, setServerErrors] = useState<{ path: string; message: string }[]>();

  return (
    <div className="mx-auto flex max-w-4xl flex-col gap-6">
      <h1 className="text-2xl font-semibold">{t('title')}</h1>
      <ContainerForm
        initial={EMPTY_FORM_STATE}
        mode="create"
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
