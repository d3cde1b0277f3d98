import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { ApiError } from '@/components/api/client';

/**
 * The loading and failure states every detail page shares: null once the data is there, otherwise what to
 * render instead (a 404 says "not found" in the page's own words, anything else the server's message).
 */
export function queryGate(
  query: Pick<UseQueryResult<unknown>, 'isLoading' | 'isError' | 'data' | 'error'>,
  text: { loading: string; notFound: string },
  back: ReactNode,
): ReactNode | null {
  if (query.isLoading) return <p className="text-sm text-slate-500">{text.loading}</p>;
  if (!query.isError && query.data) return null;
  const notFound = query.error instanceof ApiError && query.error.status === 404;
  return (
    <div className="flex flex-col gap-3">
      {back}
      <p
        role="alert"
        className="rounded-md border border-red-300 bg-red-50 p-4 text-sm text-red-800 dark:border-red-900 dark:bg-red-950 dark:text-red-200"
      >
        {notFound ? text.notFound : query.error?.message}
      </p>
    </div>
  );
}
