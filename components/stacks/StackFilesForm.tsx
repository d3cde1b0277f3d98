'use client';

import dynamic from 'next/dynamic';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { EnvEditor } from '@/components/stacks/EnvEditor';
import { editorProblems, ProblemList } from '@/components/stacks/ProblemList';
import type { useComposeValidation } from '@/components/stacks/useComposeValidation';
import { Button } from '@/components/ui/Button';
import { inputClass } from '@/components/ui/FormField';
import { addServiceToCompose, serviceFromDockerRun } from '@/lib/stacks/from-run';
import { COMPOSE_MAX_CHARS } from '@/lib/stacks/schemas';

// CodeMirror is loaded by the stack pages only, and only in the browser.
export const ComposeEditor = dynamic(() => import('@/components/stacks/ComposeEditor'), {
  ssr: false,
  loading: () => <div className="h-72 animate-pulse rounded-md bg-slate-100 dark:bg-slate-800" />,
});

export interface StackFilesValue {
  compose: string;
  override: string;
  env: string;
}

/**
 * The files of a stack being written: compose.yaml in the editor (or from an uploaded file, or grown by
 * converting `docker run` lines), the optional override file and the `.env`, each checked as it is typed.
 */
export function StackFilesForm({
  value,
  onChange,
  validation,
  original,
  envKey,
  readOnly = false,
}: {
  value: StackFilesValue;
  onChange: (next: StackFilesValue) => void;
  validation: ReturnType<typeof useComposeValidation>;
  /** The saved files to diff against (the detail page's editor), or null. */
  original?: { compose: string; override: string } | null;
  /** Changes when the `.env` is reloaded from elsewhere (a rollback, a reveal). */
  envKey?: string;
  /** For a role that reads stacks only: the files shown, nothing to change them. */
  readOnly?: boolean;
}) {
  const t = useTranslations('stacks.form');
  const [showOverride, setShowOverride] = useState(value.override.trim().length > 0);
  const [runLine, setRunLine] = useState('');
  const [runError, setRunError] = useState<string | null>(null);
  const [runWarnings, setRunWarnings] = useState<string[]>([]);
  const [uploadError, setUploadError] = useState<string | null>(null);

  const convert = () => {
    setRunError(null);
    setRunWarnings([]);
    try {
      const { name, service, warnings } = serviceFromDockerRun(runLine);
      onChange({ ...value, compose: addServiceToCompose(value.compose, name, service) });
      setRunWarnings(warnings);
      setRunLine('');
    } catch (err) {
      setRunError(err instanceof Error ? err.message : String(err));
    }
  };

  const upload = async (file: File | undefined) => {
    setUploadError(null);
    if (!file) return;
    if (file.size > COMPOSE_MAX_CHARS) return setUploadError(t('uploadTooBig'));
    onChange({ ...value, compose: await file.text() });
  };

  return (
    <div className="flex flex-col gap-4">
      <section className="flex flex-col gap-2">
        <div className="flex flex-wrap items-center gap-3">
          <h2 className="text-sm font-semibold">compose.yaml</h2>
          {!readOnly && (
            <label className="ml-auto text-sm">
              <span className="mr-2 text-slate-500">{t('upload')}</span>
              <input
                type="file"
                accept=".yml,.yaml,application/yaml,text/yaml"
                onChange={(e) => void upload(e.target.files?.[0])}
                data-testid="compose-upload"
                className="text-xs"
              />
            </label>
          )}
        </div>
        {uploadError && <p className="text-xs text-red-600">{uploadError}</p>}
        <ComposeEditor
          value={value.compose}
          onChange={(compose) => onChange({ ...value, compose })}
          problems={editorProblems(validation.problems, 'compose')}
          original={original?.compose ?? null}
          readOnly={readOnly}
          label={t('composeLabel')}
          testId="compose-editor"
        />
        <ProblemList problems={validation.problems} verdict={validation.verdict} error={validation.error} />
      </section>

      {!readOnly && (
        <details className="rounded-lg border border-slate-200 p-3 dark:border-slate-800">
          <summary className="cursor-pointer text-sm font-semibold">{t('fromRun')}</summary>
          <div className="mt-2 flex flex-col gap-2">
            <p className="text-xs text-slate-500">{t('fromRunHint')}</p>
            <textarea
              value={runLine}
              onChange={(e) => setRunLine(e.target.value)}
              rows={2}
              placeholder="docker run -d --name web -p 127.0.0.1:8080:80 nginx:alpine"
              className={`${inputClass(runError ? [runError] : undefined)} font-mono`}
              aria-label={t('fromRun')}
              data-testid="from-run-input"
            />
            {runError && (
              <p className="text-xs text-red-600" data-testid="from-run-error">
                {runError}
              </p>
            )}
            {runWarnings.length > 0 && (
              <ul className="text-xs text-amber-700 dark:text-amber-400" data-testid="from-run-warnings">
                {runWarnings.map((w) => (
                  <li key={w}>{w}</li>
                ))}
              </ul>
            )}
            <Button
              className="self-start"
              onClick={convert}
              disabled={!runLine.trim()}
              data-testid="from-run-add"
            >
              {t('fromRunAdd')}
            </Button>
          </div>
        </details>
      )}

      <section className="flex flex-col gap-2">
        <h2 className="text-sm font-semibold">.env</h2>
        <EnvEditor
          key={envKey}
          initial={value.env}
          onChange={(env) => onChange({ ...value, env })}
          readOnly={readOnly}
        />
      </section>

      <section className="flex flex-col gap-2">
        <label className="flex items-center gap-2 text-sm font-semibold">
          <input
            type="checkbox"
            checked={showOverride}
            disabled={readOnly}
            onChange={(e) => {
              setShowOverride(e.target.checked);
              if (!e.target.checked) onChange({ ...value, override: '' });
            }}
            data-testid="override-toggle"
          />
          {t('override')}
        </label>
        {showOverride && (
          <>
            <p className="text-xs text-slate-500">{t('overrideHint')}</p>
            <ComposeEditor
              value={value.override}
              onChange={(override) => onChange({ ...value, override })}
              problems={editorProblems(validation.problems, 'override')}
              original={original ? original.override : null}
              readOnly={readOnly}
              label={t('overrideLabel')}
              testId="override-editor"
            />
          </>
        )}
      </section>
    </div>
  );
}
