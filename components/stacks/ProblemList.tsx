'use client';

import { useTranslations } from 'next-intl';
import type { ComposeVerdict } from '@/components/stacks/useComposeValidation';
import type { StackProblem } from '@/lib/stacks/types';

/** Compose's and the YAML reader's problems as a list, "line N: message", under the verdict. */
export function ProblemList({
  problems,
  verdict,
  error,
}: {
  problems: readonly StackProblem[];
  verdict: ComposeVerdict;
  error: string | null;
}) {
  const t = useTranslations('stacks.validation');
  const tone =
    verdict === 'ok'
      ? 'text-emerald-700 dark:text-emerald-400'
      : verdict === 'checking' || verdict === 'empty'
        ? 'text-slate-500'
        : 'text-red-700 dark:text-red-400';
  return (
    <div className="flex flex-col gap-1 text-sm" data-testid="stack-validation" data-verdict={verdict}>
      <span className={tone} data-testid="stack-verdict">
        {t(`verdict.${verdict}`)}
        {verdict === 'unavailable' && error ? `: ${error}` : ''}
      </span>
      {problems.length > 0 && (
        <ul className="flex flex-col gap-0.5 font-mono text-xs text-red-700 dark:text-red-300">
          {problems.map((p) => (
            <li key={`${p.file}-${p.line}-${p.message}`} data-testid="stack-problem" data-line={p.line ?? ''}>
              {p.line !== null
                ? t('atLine', { file: t(`file.${p.file}`), line: p.line, message: p.message })
                : t('noLine', { file: t(`file.${p.file}`), message: p.message })}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** The problems of one file, as the editor's inline diagnostics. */
export function editorProblems(problems: readonly StackProblem[], file: StackProblem['file']) {
  return problems
    .filter((p) => p.file === file)
    .map((p) => ({ line: p.line, message: p.message, severity: 'error' as const }));
}
