'use client';

import { Download } from 'lucide-react';
import { useTranslations } from 'next-intl';
import { type FormEvent, useState } from 'react';
import { startTransfer } from '@/components/images/transfers';
import { Button } from '@/components/ui/Button';
import { CliCommand } from '@/components/ui/CliCommand';
import { renderImageCommand } from '@/lib/images/cli';
import { parseImageReference } from '@/lib/images/reference';

/** `docker pull name[:tag]`: the reference is checked as it is typed, with the CLI's normalisation shown. */
export function PullPanel({ initial = '' }: { initial?: string }) {
  const t = useTranslations('images.pull');
  const [reference, setReference] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const parsed = reference.trim() ? parseImageReference(reference, { defaultTag: true }) : null;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!parsed) return setError(t('required'));
    if (!parsed.ok) return setError(parsed.error);
    setPending(true);
    setError(null);
    try {
      await startTransfer('pull', reference.trim());
      setReference('');
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setPending(false);
    }
  };

  return (
    <form
      onSubmit={submit}
      className="flex flex-col gap-2 rounded-lg border border-slate-200 bg-white p-3 dark:border-slate-800 dark:bg-slate-900"
      noValidate
    >
      <div className="flex flex-wrap items-end gap-2">
        <label className="flex min-w-64 flex-1 flex-col gap-1 text-sm">
          <span className="font-medium">{t('label')}</span>
          <input
            name="reference"
            value={reference}
            onChange={(e) => {
              setReference(e.target.value);
              setError(null);
            }}
            placeholder="busybox:latest"
            aria-invalid={!!error || (parsed ? !parsed.ok : false)}
            aria-describedby="pull-hint"
            className="rounded-md border border-slate-300 bg-white px-2 py-1.5 font-mono text-sm dark:border-slate-700 dark:bg-slate-950"
          />
        </label>
        <Button type="submit" variant="primary" disabled={pending}>
          <Download className="h-4 w-4" aria-hidden />
          {t('submit')}
        </Button>
      </div>
      <p id="pull-hint" className="text-xs text-slate-500">
        {parsed?.ok ? t('normalised', { reference: parsed.ref.full }) : t('hint')}
      </p>
      {(error || (parsed && !parsed.ok)) && (
        <p role="alert" className="text-sm text-red-700 dark:text-red-300" data-testid="pull-error">
          {error ?? (parsed && !parsed.ok ? parsed.error : '')}
        </p>
      )}
      {parsed?.ok && (
        <CliCommand command={renderImageCommand({ action: 'pull', reference: parsed.ref.familiar })} />
      )}
    </form>
  );
}
