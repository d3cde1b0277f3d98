'use client';

import { ClipboardPaste } from 'lucide-react';
import { useTranslations } from 'next-intl';
import { type ReactNode, useEffect, useMemo, useState } from 'react';
import { Button } from '@/components/ui/Button';
import { inputClass } from '@/components/ui/FormField';
import { FormFooter } from '@/components/ui/FormFooter';
import { renderRunCommand } from '@/lib/containers/cli';
import { parseDockerRun } from '@/lib/containers/docker-run';
import { type ContainerForm as ContainerFormValue, containerFormSchema } from '@/lib/containers/form';
import {
  type ContainerFormState,
  countSet,
  FORM_TABS,
  type FormTab,
  fieldOfPath,
  fromContainerForm,
  TAB_OF_FIELD,
  toContainerForm,
} from '@/lib/containers/form-state';
import { FormTabPanel, FormTabs } from './FormTabs';
import { type FieldErrors, FieldsProvider } from './fields';
import { GeneralTab } from './GeneralTab';
import { NetworkTab } from './NetworkTab';
import { RestartTab } from './RestartTab';
import { RuntimeTab } from './RuntimeTab';
import { SecurityTab } from './SecurityTab';
import { EnvTab, LabelsTab, VolumesTab } from './StorageTabs';

const PANELS: Record<FormTab, ReactNode> = {
  general: <GeneralTab />,
  network: <NetworkTab />,
  volumes: <VolumesTab />,
  env: <EnvTab />,
  labels: <LabelsTab />,
  restart: <RestartTab />,
  runtime: <RuntimeTab />,
  security: <SecurityTab />,
};

export type ContainerFormMode = 'create' | 'edit' | 'duplicate';

export interface ContainerFormProps {
  /** Read once: give the component a new `key` to start over from other values. */
  initial: ContainerFormState;
  /** `edit`: the name is read-only, no paste box, "start" means after the recreate. */
  mode: ContainerFormMode;
  /** Shown above the form (e.g. settings that could not be read back from the container). */
  notes?: string[];
  pending: boolean;
  onSubmit: (form: ContainerFormValue) => void;
  onCancel: () => void;
  /** Field errors of the API's 400 (`body.ulimits.0`…): shown on their fields, their tab opened. */
  serverErrors?: { path: string; message: string }[];
  submitLabel?: string;
}

interface Located {
  errors: FieldErrors;
  /** The tab of the first error, to open. */
  first: FormTab | null;
}

const issuesOf = (issues: readonly { path: readonly PropertyKey[]; message: string }[]) =>
  issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));

function locate(issues: readonly { path: string; message: string }[]): Located {
  const errors: FieldErrors = {};
  let first: FormTab | null = null;
  for (const issue of issues) {
    const target = fieldOfPath(issue.path);
    const field = target?.field ?? 'image';
    const prefix = target?.line !== undefined ? `#${target.line + 1}: ` : '';
    errors[field] = [...(errors[field] ?? []), prefix + issue.message];
    first ??= TAB_OF_FIELD[field];
  }
  return { errors, first };
}

/**
 * Every option of `docker run`, grouped in tabs as Portainer does, with the equivalent command under it
 * following each keystroke. Shared by "create", "duplicate" and "edit" (which recreates the container).
 */
export function ContainerForm({
  initial,
  mode,
  notes,
  pending,
  onSubmit,
  onCancel,
  serverErrors,
  submitLabel,
}: ContainerFormProps) {
  const t = useTranslations('create');
  const [state, setState] = useState<ContainerFormState>(initial);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [tab, setTab] = useState<FormTab>('general');
  const [pasted, setPasted] = useState('');
  const [pasteNote, setPasteNote] = useState<{ kind: 'error' | 'warning'; lines: string[] } | null>(null);

  useEffect(() => {
    if (!serverErrors?.length) return;
    const { errors, first } = locate(serverErrors);
    setErrors(errors);
    if (first) setTab(first);
  }, [serverErrors]);

  const form = useMemo(() => toContainerForm(state), [state]);
  const command = useMemo(() => (form.image ? renderRunCommand(form) : 'docker run …'), [form]);
  const counts = useMemo(
    () => Object.fromEntries(FORM_TABS.map((k) => [k, countSet(state, k)])) as Record<FormTab, number>,
    [state],
  );
  const invalid = useMemo(
    () =>
      new Set(
        (Object.keys(errors) as (keyof FieldErrors)[])
          .filter((field) => errors[field]?.length)
          .map((field) => TAB_OF_FIELD[field]),
      ),
    [errors],
  );

  const update = <K extends keyof ContainerFormState>(key: K, value: ContainerFormState[K]) => {
    setState((s) => ({ ...s, [key]: value }));
    setErrors((e) => (key in e ? { ...e, [key]: undefined } : e));
  };

  const fillFromCommand = () => {
    try {
      const { form: parsed, warnings } = parseDockerRun(pasted);
      setState(fromContainerForm(parsed));
      // Values the form refuses are on their fields too, so their tabs show the red dot.
      const checked = containerFormSchema.safeParse(parsed);
      setErrors(checked.success ? {} : locate(issuesOf(checked.error.issues)).errors);
      setPasteNote(warnings.length ? { kind: 'warning', lines: warnings } : null);
    } catch (err) {
      setPasteNote({ kind: 'error', lines: [err instanceof Error ? err.message : String(err)] });
    }
  };

  const submit = () => {
    // The server validates again with the same schema; this only spares a round trip.
    const checked = containerFormSchema.safeParse(form);
    if (!checked.success) {
      const { errors, first } = locate(issuesOf(checked.error.issues));
      setErrors(errors);
      if (first) setTab(first);
      return;
    }
    onSubmit(form);
  };

  return (
    <div className="flex flex-col gap-6">
      {notes && notes.length > 0 && (
        <ul
          role="status"
          data-testid="form-notes"
          className="list-disc rounded-lg border border-amber-300 bg-amber-50 py-2 pr-3 pl-7 text-sm text-amber-800 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-300"
        >
          {notes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      )}

      {mode !== 'edit' && (
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
      )}

      <form
        className="flex flex-col gap-4"
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
        noValidate
      >
        <FieldsProvider value={{ state, errors, update, mode }}>
          <div className="rounded-lg border border-slate-200 bg-white px-4 pb-4 dark:border-slate-800 dark:bg-slate-900">
            <FormTabs value={tab} onChange={setTab} counts={counts} invalid={invalid} />
            {FORM_TABS.map((key) => (
              <FormTabPanel key={key} tab={key} active={key === tab}>
                {PANELS[key]}
              </FormTabPanel>
            ))}
          </div>
        </FieldsProvider>

        <FormFooter
          sticky
          command={command}
          cancelLabel={t('cancel')}
          onCancel={onCancel}
          submitLabel={submitLabel ?? (state.start ? t('submitRun') : t('submitCreate'))}
          submitTestId="create-submit"
          pending={pending}
        />
      </form>
    </div>
  );
}
