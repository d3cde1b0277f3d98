'use client';

import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { useMemo, useState } from 'react';
import { ApiError } from '@/components/api/client';
import { Button } from '@/components/ui/Button';
import { CliCommand } from '@/components/ui/CliCommand';
import { errorsByPath, FormField, FormSection, inputClass, listErrors } from '@/components/ui/FormField';
import { useCreateVolume } from '@/components/volumes/mutations';
import { renderVolumeCommand } from '@/lib/volumes/cli';
import { lines, type VolumeCreateInput, volumeCreateSchema } from '@/lib/volumes/form';

export function CreateVolumePage() {
  const t = useTranslations('volumes.form');
  const router = useRouter();
  const [state, setState] = useState({ name: '', driver: 'local', options: '', labels: '' });
  const [errors, setErrors] = useState<Record<string, string[]>>({});
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
    setErrors((e) => Object.fromEntries(Object.entries(e).filter(([path]) => path.split('.')[0] !== key)));
  };

  const submit = () => {
    // The server validates again with the same schema; this only spares a round trip.
    const checked = volumeCreateSchema.safeParse(form);
    if (!checked.success) {
      setErrors(
        errorsByPath(checked.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }))),
      );
      return;
    }
    create.mutate(form, {
      onSuccess: (created) => router.push(`/volumes/${encodeURIComponent(created.name)}`),
      onError: (err) => {
        if (err instanceof ApiError && err.fields.length) setErrors(errorsByPath(err.fields));
      },
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
          <FormField
            label={t('options')}
            hint={t('optionsHint')}
            errors={listErrors(errors, 'options')}
            htmlFor="volume-options"
          >
            <textarea
              id="volume-options"
              rows={3}
              value={state.options}
              placeholder={'type=tmpfs\ndevice=tmpfs\no=size=100m'}
              onChange={(e) => update('options', e.target.value)}
              className={`${inputClass(listErrors(errors, 'options'))} font-mono`}
            />
          </FormField>
          <FormField
            label={t('labels')}
            hint={t('labelsHint')}
            errors={listErrors(errors, 'labels')}
            htmlFor="volume-labels"
          >
            <textarea
              id="volume-labels"
              rows={3}
              value={state.labels}
              placeholder="com.example.team=web"
              onChange={(e) => update('labels', e.target.value)}
              className={`${inputClass(listErrors(errors, 'labels'))} font-mono`}
            />
          </FormField>
        </FormSection>
        <div className="flex flex-col gap-3">
          <CliCommand command={command} />
          <div className="flex justify-end gap-2">
            <Button onClick={() => router.push('/volumes')}>{t('cancel')}</Button>
            <Button
              type="submit"
              variant="primary"
              disabled={create.isPending}
              data-testid="volume-create-submit"
            >
              {t('submit')}
            </Button>
          </div>
        </div>
      </form>
    </div>
  );
}
