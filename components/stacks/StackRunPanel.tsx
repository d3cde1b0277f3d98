'use client';

import { useTranslations } from 'next-intl';
import { useEffect, useRef } from 'react';
import type { useStackRun } from '@/components/stacks/useStackRun';
import { Button } from '@/components/ui/Button';
import { CliCommand } from '@/components/ui/CliCommand';
import type { StackRun } from '@/lib/stacks/schemas';
import type { StackAction } from '@/lib/stacks/types';

/** What the panel calls a run: `up` of one service is a recreate or a scale, as its button said. */
function runLabel(run: StackRun): StackAction | 'scale' | 'recreate' {
  if (run.action === 'up' && run.options?.scale) return 'scale';
  if (run.action === 'up' && run.options?.forceRecreate) return 'recreate';
  return run.action;
}

/** The live output of a stack action (as the build page shows a build's), with its command and cancel. */
export function StackRunPanel({ run }: { run: ReturnType<typeof useStackRun> }) {
  const t = useTranslations('stacks.run');
  const logRef = useRef<HTMLPreElement>(null);
  const lineCount = run.lines.length;
  // Follow the output as it grows.
  useEffect(() => {
    const el = logRef.current;
    if (el && lineCount) el.scrollTop = el.scrollHeight;
  }, [lineCount]);

  if (run.phase === 'idle' && !run.error) return null;
  const state = run.error
    ? 'refused'
    : run.busy
      ? 'running'
      : run.result?.cancelled
        ? 'cancelled'
        : run.result?.ok
          ? 'succeeded'
          : 'failed';
  return (
    <section
      className="flex flex-col gap-2 rounded-lg border border-slate-200 bg-white p-3 dark:border-slate-800 dark:bg-slate-900"
      data-testid="stack-run"
      data-state={state}
      data-run={run.seq}
      aria-live="polite"
    >
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <span className="font-medium">{run.run ? t(`action.${runLabel(run.run)}`) : null}</span>
        <span
          data-testid="stack-run-status"
          className={
            state === 'succeeded'
              ? 'text-emerald-700 dark:text-emerald-400'
              : state === 'running'
                ? 'text-sky-700 dark:text-sky-400'
                : 'text-red-700 dark:text-red-400'
          }
        >
          {state === 'failed' && run.result?.exitCode != null
            ? t('failedCode', { code: run.result.exitCode })
            : t(`state.${state}`)}
        </span>
        {run.phase === 'running' && (
          <Button className="ml-auto" onClick={run.cancel} data-testid="stack-run-cancel">
            {t('cancel')}
          </Button>
        )}
      </div>
      {run.command && <CliCommand command={run.command} />}
      {(run.error || run.result?.error) && (
        <p
          role="alert"
          className="font-mono text-xs text-red-700 dark:text-red-300"
          data-testid="stack-run-error"
        >
          {run.error ?? run.result?.error}
        </p>
      )}
      {(run.lines.length > 0 || run.busy) && (
        <pre
          ref={logRef}
          className="max-h-80 min-h-16 overflow-auto rounded-md bg-slate-950 p-3 font-mono text-xs break-all whitespace-pre-wrap text-slate-100"
          data-testid="stack-output"
        >
          {run.lines.length ? run.lines.join('\n') : t('waiting')}
        </pre>
      )}
    </section>
  );
}
