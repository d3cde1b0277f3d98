'use client';

import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { useRouter } from '@/components/environments/navigation';
import { EMPTY_SERVICE_FORM, type ServiceFormState, toServiceCreate } from '@/components/swarm/form';
import { useCreateService } from '@/components/swarm/mutations';
import { FormField, FormSection, inputClass } from '@/components/ui/FormField';
import { FormFooter } from '@/components/ui/FormFooter';
import { useFieldErrors } from '@/components/ui/useFieldErrors';
import { serviceCreateCommand } from '@/lib/swarm/cli';
import { serviceCreateSchema } from '@/lib/swarm/schemas';

type TextField = Exclude<keyof ServiceFormState, 'mode' | 'restartCondition' | 'noResolveImage'>;
const LIST_FIELDS = [
  'env',
  'labels',
  'ports',
  'mounts',
  'networks',
  'constraints',
  'secrets',
  'configs',
] as const;

/** `docker service create` as a form, its CLI line following every keystroke. */
export function ServiceForm() {
  const t = useTranslations('swarm.create');
  const router = useRouter();
  const create = useCreateService();
  const errors = useFieldErrors();
  const [form, setForm] = useState<ServiceFormState>(EMPTY_SERVICE_FORM);
  const { body, bad } = toServiceCreate(form);
  const set = <K extends keyof ServiceFormState>(key: K, value: ServiceFormState[K]) => {
    setForm((f) => ({ ...f, [key]: value }));
    errors.clear(key);
  };
  /** Errors of the schema plus the lines this form could not read. */
  const fieldErrors = (field: string): string[] | undefined => {
    const own = Object.entries(errors.errors)
      .filter(([path]) => path === field || path.startsWith(`${field}.`))
      .flatMap(([path, messages]) =>
        path === field ? messages : messages.map((m) => `${path.slice(field.length + 1)}: ${m}`),
      );
    const lines = bad[field as keyof typeof bad];
    const mine = lines?.length ? [t('badLines', { lines: lines.join(', ') })] : [];
    const all = [...own, ...mine];
    return all.length ? all : undefined;
  };

  const text = (field: TextField, opts: { mono?: boolean; placeholder?: string } = {}) => (
    <FormField
      label={t(`fields.${field}`)}
      hint={t(`hints.${field}`)}
      htmlFor={`svc-${field}`}
      errors={fieldErrors(field)}
    >
      <input
        id={`svc-${field}`}
        value={form[field]}
        placeholder={opts.placeholder}
        onChange={(e) => set(field, e.target.value)}
        className={`${inputClass(fieldErrors(field))} ${opts.mono ? 'font-mono' : ''}`}
        autoComplete="off"
        spellCheck={false}
      />
    </FormField>
  );
  const list = (field: (typeof LIST_FIELDS)[number], placeholder: string) => (
    <FormField
      label={t(`fields.${field}`)}
      hint={t(`hints.${field}`)}
      htmlFor={`svc-${field}`}
      errors={fieldErrors(field)}
    >
      <textarea
        id={`svc-${field}`}
        rows={3}
        value={form[field]}
        placeholder={placeholder}
        onChange={(e) => set(field, e.target.value)}
        className={`${inputClass(fieldErrors(field))} font-mono`}
        spellCheck={false}
      />
    </FormField>
  );

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    if (Object.keys(bad).length) return;
    if (!errors.valid(serviceCreateSchema, body)) return;
    create.mutate(body, {
      onSuccess: (result) => router.push(`/swarm/services/${encodeURIComponent(result.id)}`),
      onError: errors.fromServer,
    });
  };

  return (
    <form onSubmit={submit} className="flex flex-col gap-4" data-testid="swarm-service-form">
      <FormSection title={t('sections.basics')}>
        {text('name', { placeholder: 'web' })}
        {text('image', { mono: true, placeholder: 'nginx:alpine' })}
        <FormField label={t('fields.mode')} htmlFor="svc-mode">
          <select
            id="svc-mode"
            value={form.mode}
            onChange={(e) => set('mode', e.target.value as ServiceFormState['mode'])}
            className={inputClass()}
          >
            <option value="replicated">{t('modes.replicated')}</option>
            <option value="global">{t('modes.global')}</option>
          </select>
        </FormField>
        {form.mode === 'replicated' && (
          <FormField label={t('fields.replicas')} htmlFor="svc-replicas" errors={fieldErrors('replicas')}>
            <input
              id="svc-replicas"
              type="number"
              min={0}
              max={1000}
              value={form.replicas}
              onChange={(e) => set('replicas', e.target.value)}
              className={inputClass(fieldErrors('replicas'))}
            />
          </FormField>
        )}
        <div className="sm:col-span-2">
          {text('command', { mono: true, placeholder: "sh -c 'echo hello; sleep 3600'" })}
        </div>
        <label className="flex items-center gap-2 text-sm sm:col-span-2">
          <input
            type="checkbox"
            checked={form.noResolveImage}
            onChange={(e) => set('noResolveImage', e.target.checked)}
            data-testid="svc-noResolveImage"
          />
          {t('fields.noResolveImage')}
          <span className="text-xs text-slate-500">{t('hints.noResolveImage')}</span>
        </label>
      </FormSection>

      <FormSection title={t('sections.config')}>
        {list('env', 'KEY=value')}
        {list('labels', 'com.example.team=web')}
      </FormSection>

      <FormSection title={t('sections.network')}>
        {list('ports', '8080:80/tcp host')}
        {list('networks', 'my-overlay')}
      </FormSection>

      <FormSection title={t('sections.storage')}>
        {list('mounts', 'type=volume,source=data,target=/data')}
        {list('secrets', 'db-password:/run/secrets/db')}
        {list('configs', 'app-config:/etc/app.conf')}
      </FormSection>

      <FormSection title={t('sections.placement')}>
        {list('constraints', 'node.role==worker')}
        <FormField label={t('fields.restartCondition')} htmlFor="svc-restart">
          <select
            id="svc-restart"
            value={form.restartCondition}
            onChange={(e) => set('restartCondition', e.target.value as ServiceFormState['restartCondition'])}
            className={inputClass()}
          >
            <option value="any">any</option>
            <option value="on-failure">on-failure</option>
            <option value="none">none</option>
          </select>
        </FormField>
        {text('limitCpus', { mono: true, placeholder: '0.5' })}
        {text('limitMemory', { mono: true, placeholder: '64m' })}
      </FormSection>

      <FormFooter
        command={serviceCreateCommand(body)}
        cancelLabel={t('cancel')}
        onCancel={() => router.push('/swarm?tab=services')}
        submitLabel={t('submit')}
        submitTestId="swarm-service-submit"
        pending={create.isPending}
        sticky
      />
    </form>
  );
}
