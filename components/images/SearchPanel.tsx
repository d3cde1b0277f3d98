'use client';

import { Search, Star } from 'lucide-react';
import { useTranslations } from 'next-intl';
import { type FormEvent, useState } from 'react';
import { useImageSearch } from '@/components/images/queries';
import { startTransfer } from '@/components/images/transfers';
import { Button } from '@/components/ui/Button';
import { CliCommand } from '@/components/ui/CliCommand';
import { toast } from '@/components/ui/toaster';
import { renderImageCommand } from '@/lib/images/cli';

/** `docker search`, through the engine; a registry it cannot reach is said in words, not as an empty list. */
export function SearchPanel({ canPull }: { canPull: boolean }) {
  const t = useTranslations('images.searchRegistry');
  const [input, setInput] = useState('');
  const [term, setTerm] = useState('');
  const results = useImageSearch(term);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTerm(input.trim());
  };
  return (
    <details className="rounded-lg border border-slate-200 bg-white p-3 dark:border-slate-800 dark:bg-slate-900">
      <summary className="cursor-pointer text-sm font-medium">{t('title')}</summary>
      <form onSubmit={submit} className="mt-2 flex flex-wrap items-center gap-2">
        <input
          value={input}
          onChange={(e) => setInput(e.target.value)}
          aria-label={t('term')}
          placeholder={t('term')}
          className="min-w-48 flex-1 rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm dark:border-slate-700 dark:bg-slate-950"
        />
        <Button type="submit" disabled={!input.trim() || results.isFetching}>
          <Search className="h-4 w-4" aria-hidden />
          {t('submit')}
        </Button>
      </form>
      {term && (
        <CliCommand className="mt-2" command={renderImageCommand({ action: 'search', term, limit: 25 })} />
      )}
      {results.isFetching && <p className="mt-2 text-sm text-slate-500">{t('searching')}</p>}
      {results.isError && (
        <p role="alert" className="mt-2 text-sm text-red-700 dark:text-red-300" data-testid="search-error">
          {results.error.message}
        </p>
      )}
      {results.data && results.data.length === 0 && (
        <p className="mt-2 text-sm text-slate-500">{t('none')}</p>
      )}
      <ul className="mt-2 flex flex-col gap-1">
        {results.data?.map((r) => (
          <li key={r.name} className="flex items-center gap-2 text-sm">
            <span className="font-mono">{r.name}</span>
            {r.official && (
              <span className="rounded bg-emerald-100 px-1 text-xs text-emerald-800">{t('official')}</span>
            )}
            <span className="inline-flex items-center gap-0.5 text-xs text-slate-500">
              <Star className="h-3 w-3" aria-hidden />
              {r.stars}
            </span>
            <span className="min-w-0 flex-1 truncate text-xs text-slate-500">{r.description}</span>
            {canPull && (
              <Button
                className="px-2 py-0.5 text-xs"
                onClick={() =>
                  void startTransfer('pull', r.name).catch((err: Error) => toast.error(err.message))
                }
              >
                {t('pull')}
              </Button>
            )}
          </li>
        ))}
      </ul>
    </details>
  );
}
