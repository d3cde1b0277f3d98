'use client';

import { ClipboardPaste } from 'lucide-react';
import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { useMemo, useState } from 'react';
import { ApiError } from '@/components/api/client';
import { useCreateContainer } from '@/components/containers/mutations';
import { useImages } from '@/components/images/queries';
import { Button } from '@/components/ui/Button';
import { FormField, FormSection, inputClass } from '@/components/ui/FormField';
import { FormFooter } from '@/components/ui/FormFooter';
import { renderRunCommand } from '@/lib/containers/cli';
import { DockerRunParseError, parseDockerRun } from '@/lib/containers/docker-run';
import { containerFormSchema } from '@/lib/containers/form';
import {
  type ContainerFormState,
  EMPTY_FORM_STATE,
  fieldOfPath,
  fromContainerForm,
  toContainerForm,
} from '@/lib/containers/form-state';

type Errors = Partial<Record<keyof ContainerFormState, string[]>>;

const RESTART_POLICIES = ['no', 'always', 'unless-stopped', 'on-failure'] as const;

function errorsFromIssues(issues: { path: string; message: string }[]): Errors {
  const errors: Errors = {};
  for (const issue of issues) {
    const target = fieldOfPath(issue.path);
    const field = target?.field ?? 'image';
    const prefix = target?.line !== undefined ? `#${target.line + 1}: ` : '';
    errors[field] = [...(errors[field] ?? []), prefix + issue.message];
  }
  return errors;
}

export function CreateContainerPage() {
  const t = useTranslations('create');
  const router = useRouter();
  const [state, setState] = useState<ContainerFormState>(EMPTY_FORM_STATE);
  const [errors, setErrors] = useState<Errors>({});
  const [pasted, setPasted] = useState('');
  const [pasteNote, setPasteNote] = useState<{ kind: 'error' | 'warning'; lines: string[] } | null>(null);
  const images = useImages();
  const create = useCreateContainer();

  const form = useMemo(() => toContainerForm(state), [state]);
  const command = useMemo(() => (form.image ? renderRunCommand(form) : 'docker run …'), [form]);

  const update = <K extends keyof ContainerFormState>(key: K, value: ContainerFormState[K]) => {
    setState((s) => ({ ...s, [key]: value }));
    setErrors((e) => ({ ...e, [key]: undefined }));
  };

  const fillFromCommand = () => {
    try {
      const { form: parsed, warnings } = parseDockerRun(pasted);
      setState(fromContainerForm(parsed));
      setErrors({});
      setPasteNote(warnings.length ? { kind: 'warning', lines: warnings } : null);
    } catch (err) {
      setPasteNote({
        kind: 'error',
        lines: [err instanceof DockerRunParseError || err instanceof Error ? err.message : String(err)],
      });
    }
  };

  const submit = () => {
    // The server validates again with the same schema; this only spares a round trip.
    const checked = containerFormSchema.safeParse(form);
    if (!checked.success) {
      setErrors(
        errorsFromIssues(
          checked.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })),
        ),
      );
      return;
    }
    create.mutate(form, {
      onSuccess: (created) => router.push(`/containers/${created.id}`),
      onError: (err) => {
        if (err instanceof ApiError && err.fields.length) setErrors(errorsFromIssues(err.fields));
      },
    });
  };

  const text = (
    key: keyof ContainerFormState,
    label: string,
    props: { placeholder?: string; hint?: string; list?: string } = {},
  ) => (
    <FormField
      label={label}
      hint={props.hint}
      errors={errors[key]}
      htmlFor={`f-${key}`}
      errorTestId={`error-${key}`}
    >
      <input
        id={`f-${key}`}
        name={key}
        list={props.list}
        value={state[key] as string}
        placeholder={props.placeholder}
        onChange={(e) => update(key, e.target.value)}
        aria-invalid={errors[key] ? true : undefined}
        className={inputClass(errors[key])}
      />
    </FormField>
  );
  const area = (key: keyof ContainerFormState, label: string, placeholder: string, hint?: string) => (
    <FormField
      label={label}
      hint={hint}
      errors={errors[key]}
      htmlFor={`f-${key}`}
      errorTestId={`error-${key}`}
    >
      <textarea
        id={`f-${key}`}
        name={key}
        rows={3}
        value={state[key] as string}
        placeholder={placeholder}
        onChange={(e) => update(key, e.target.value)}
        aria-invalid={errors[key] ? true : undefined}
        className={`${inputClass(errors[key])} font-mono`}
      />
    </FormField>
  );
  const check = (key: keyof ContainerFormState, label: string, flag: string) => (
    <label className="flex items-center gap-2 text-sm">
      <input
        type="checkbox"
        name={key}
        checked={state[key] as boolean}
        onChange={(e) => update(key, e.target.checked)}
      />
      {label}
      <code className="text-xs text-slate-500">{flag}</code>
    </label>
  );

  const [restartName, retries = ''] = state.restart.split(':');

  return (
    <div className="mx-auto flex max-w-4xl flex-col gap-6">
      <h1 className="text-2xl font-semibold">{t('title')}</h1>

      <section className="flex flex-col gap-2 rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
        <label htmlFor="paste-run" className="text-sm font-medium">
          {t('paste.label')}
        </label>
        <textarea
          id="paste-run"
          rows={2}
          value={pasted}
          onChange={(e) => setPasted(e.target.value)}
          placeholder="docker run -d -p 8080:80 --name web nginx:alpine"
          className={`${inputClass()} font-mono`}
        />
        <div className="flex items-center gap-2">
          <Button onClick={fillFromCommand} disabled={!pasted.trim()}>
            <ClipboardPaste className="h-4 w-4" aria-hidden />
            {t('paste.fill')}
          </Button>
        </div>
        {pasteNote && (
          <ul
            role={pasteNote.kind === 'error' ? 'alert' : 'status'}
            className={`text-sm ${pasteNote.kind === 'error' ? 'text-red-600 dark:text-red-400' : 'text-amber-700 dark:text-amber-400'}`}
          >
            {pasteNote.lines.map((l) => (
              <li key={l}>{l}</li>
            ))}
          </ul>
        )}
      </section>

      <form
        className="flex flex-col gap-6"
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
        noValidate
      >
        <FormSection title={t('sections.basics')}>
          {text('image', t('fields.image'), { placeholder: 'nginx:alpine', list: 'local-images' })}
          <datalist id="local-images">
            {images.data
              ?.flatMap((img) => img.tags)
              .map((tag) => (
                <option key={tag} value={tag} />
              ))}
          </datalist>
          {text('name', t('fields.name'), { placeholder: 'web', hint: '--name' })}
          {text('command', t('fields.command'), {
            placeholder: "sh -c 'echo hello'",
            hint: t('hints.command'),
          })}
          {text('entrypoint', t('fields.entrypoint'), { hint: '--entrypoint' })}
        </FormSection>

        <FormSection title={t('sections.network')}>
          {area('ports', t('fields.ports'), '8080:80\n127.0.0.1:5353:53/udp', t('hints.ports'))}
          <div className="flex flex-col gap-3">
            {text('network', t('fields.network'), { placeholder: 'bridge', hint: '--network' })}
            {text('hostname', t('fields.hostname'), { hint: '-h' })}
            {check('publishAll', t('fields.publishAll'), '-P')}
          </div>
        </FormSection>

        <FormSection title={t('sections.storage')}>
          {area(
            'volumes',
            t('fields.volumes'),
            '/srv/data:/data\nmyvolume:/var/lib/app:ro',
            t('hints.volumes'),
          )}
          {area('env', t('fields.env'), 'KEY=value', t('hints.env'))}
          {area('labels', t('fields.labels'), 'com.example.team=web', '-l')}
        </FormSection>

        <FormSection title={t('sections.runtime')}>
          <FormField
            label={t('fields.restart')}
            hint="--restart"
            errors={errors.restart}
            htmlFor="f-restart"
            errorTestId="error-restart"
          >
            <div className="flex gap-2">
              <select
                id="f-restart"
                name="restart"
                value={restartName}
                onChange={(e) =>
                  update(
                    'restart',
                    e.target.value === 'on-failure' && retries ? `on-failure:${retries}` : e.target.value,
                  )
                }
                className={inputClass(errors.restart)}
              >
                {RESTART_POLICIES.map((p) => (
                  <option key={p} value={p}>
                    {p}
                  </option>
                ))}
              </select>
              {restartName === 'on-failure' && (
                <input
                  aria-label={t('fields.retries')}
                  placeholder={t('fields.retries')}
                  inputMode="numeric"
                  value={retries}
                  onChange={(e) =>
                    update('restart', e.target.value ? `on-failure:${e.target.value}` : 'on-failure')
                  }
                  className={`${inputClass(errors.restart)} w-28`}
                />
              )}
            </div>
          </FormField>
          {text('memory', t('fields.memory'), { placeholder: '512m', hint: '-m' })}
          {text('cpus', t('fields.cpus'), { placeholder: '1.5', hint: '--cpus' })}
          {text('workingDir', t('fields.workingDir'), { placeholder: '/app', hint: '-w' })}
          {text('user', t('fields.user'), { placeholder: '1000:1000', hint: '-u' })}
          <div className="flex flex-col gap-2 pt-1">
            {check('interactive', t('fields.interactive'), '-i')}
            {check('tty', t('fields.tty'), '-t')}
            {check('privileged', t('fields.privileged'), '--privileged')}
            {check('autoRemove', t('fields.autoRemove'), '--rm')}
            {check('start', t('fields.start'), 'docker run / docker create')}
          </div>
        </FormSection>

        <FormFooter
          sticky
          command={command}
          cancelLabel={t('cancel')}
          onCancel={() => router.push('/containers')}
          submitLabel={state.start ? t('submitRun') : t('submitCreate')}
          submitTestId="create-submit"
          pending={create.isPending}
        />
      </form>
    </div>
  );
}
