'use client';

import { Layers3 } from 'lucide-react';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { envFromSearch, switchTarget } from '@/components/environments/paths';
import { useEnvironments } from '@/components/environments/queries';
import { LOCAL_ENVIRONMENT } from '@/lib/environments/types';

/**
 * The header's choice of engine: the same page on another environment (`?env=`). When the list cannot be read
 * (an older server, a network error) it offers `local` and the current one, so the console keeps working.
 */
export function EnvironmentSwitcher() {
  const t = useTranslations('environments');
  // The raw router: the wrapped one would put the current environment back on the link.
  const router = useRouter();
  const pathname = usePathname();
  const search = useSearchParams();
  const current = envFromSearch(search);
  const list = useEnvironments();
  const options = list.data?.map((e) => ({ id: e.id, name: e.name })) ?? [
    { id: LOCAL_ENVIRONMENT, name: t('localName') },
  ];
  if (!options.some((o) => o.id === current)) options.push({ id: current, name: current });
  return (
    <label
      className="flex min-w-0 items-center gap-1.5 text-sm"
      title={list.isError ? t('listFailed') : undefined}
    >
      <Layers3 className="h-4 w-4 shrink-0 text-slate-500" aria-hidden />
      <select
        aria-label={t('switcher')}
        data-testid="environment-switcher"
        className="max-w-40 truncate rounded-md border border-slate-300 bg-white px-1.5 py-1 text-sm dark:border-slate-700 dark:bg-slate-900"
        value={current}
        onChange={(e) => router.push(switchTarget(pathname, search, e.target.value))}
      >
        {options.map((o) => (
          <option key={o.id} value={o.id}>
            {o.name}
          </option>
        ))}
      </select>
    </label>
  );
}
