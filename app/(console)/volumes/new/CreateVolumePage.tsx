'use client';

import { useTranslations } from 'next-intl';
import { useMemo, useState } from 'react';
import { useRouter } from '@/components/environments/navigation';
import { FormField, FormSection, inputClass, LinesField, listErrors } from '@/components/ui/FormField';
import { FormFooter } from '@/components/ui/FormFooter';
import { useFieldErrors } from '@/components/ui/useFieldErrors';
import { useCreateVolume } from '@/components/volumes/mutations';
import { renderVolumeCommand } from '@/lib/volumes/cli';
import { lines, type VolumeCreateInput, volumeCreateSchema } from '@/lib/volumes/form';

export function CreateVolumePage() {
  const t = useTranslations('volumes.form');
  const router = useRouter();
  const [state, setState] = useState({ name: '', driver: 'local', options: '', labels: '' });
  const { errors, clear, valid, fromServer } = useFieldErrors();
  const create = useCreateVolume();

  const form: VolumeCreateInput = useMemo(
    () => ({
      name: state.name,
      driver: state.driver,
      options: lines(state.options),
      labels: lines(state.labels),
    }),
    [state],
  );
  const command = useMemo(() => renderVolumeCommand({ action: 'create', form }), [form]);

  const update = (key: keyof typeof state, value: string) => {
    setState((s) => ({ ...s, [key]: value }));
    clear(key);
  };

  const submit = () => {
    if (!valid(volumeCreateSchema, form)) return;
    create.mutate(form, {
      onSuccess: (created) => router.push(`/volumes/${encodeURIComponent(created.name)}`),
      onError: fromServer,
    });
  };

  return (
    <div className="mx-auto flex max-w-3xl flex-col gap-6">
      <h1 className="text-2xl font-semibold">{t('title')}</h1>
      <form
        className="flex flex-col gap-6"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <FormSection title={t('title')}>
          <FormField label={t('name')} hint={t('nameHint')} errors={errors.name} htmlFor="volume-name">
            <input
              id="volume-name"
              value={state.name}
              onChange={(e) => update('name', e.target.value)}
              aria-invalid={errors.name ? true : undefined}
              className={inputClass(errors.name)}
            />
          </FormField>
          <FormField label={t('driver')} hint="--driver" errors={errors.driver} htmlFor="volume-driver">
            <input
              id="volume-driver"
              value={state.driver}
              list="volume-drivers"
              onChange={(e) => update('driver', e.target.value)}
              aria-invalid={errors.driver ? true : undefined}
              className={inputClass(errors.driver)}
            />
            <datalist id="volume-drivers">
              <option value="local" />
            </datalist>
          </FormField>
          <LinesField
            id="volume-options"
            label={t('options')}
            hint={t('optionsHint')}
            errors={listErrors(errors, 'options')}
            value={state.options}
            placeholder={'type=tmpfs\ndevice=tmpfs\no=size=100m'}
            onChange={(value) => update('options', value)}
          />
          <LinesField
            id="volume-labels"
            label={t('labels')}
            hint={t('labelsHint')}
            errors={listErrors(errors, 'labels')}
            value={state.labels}
            placeholder="com.example.team=web"
            onChange={(value) => update('labels', value)}
          />
        </FormSection>
        <FormFooter
          command={command}
          cancelLabel={t('cancel')}
          onCancel={() => router.push('/volumes')}
          submitLabel={t('submit')}
          submitTestId="volume-create-submit"
          pending={create.isPending}
        />
      </form>
    </div>
  );
}
