import { dehydrate, HydrationBoundary, QueryClient } from '@tanstack/react-query';
import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { Suspense } from 'react';
import { envFromSearch } from '@/components/environments/paths';
import { containerKeys, LOCAL_ENV } from '@/lib/containers/keys';
import { FIRST_PAGE_ROWS } from '@/lib/containers/paging';
import { CONTAINER_STATE_FILTERS, type ContainerStateFilter } from '@/lib/containers/types';
import { listContainerPage } from '@/server/docker/containers';
import { ContainersPage } from './ContainersPage';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('containers'))('title') };
}

/**
 * The list's first page is fetched while the page renders, so the first rows come with the HTML instead of
 * after the scripts have loaded and asked for them; one page, not the fleet: 10,000 rows in the HTML would
 * take seconds to send and hydrate (the outer gate only lets signed-in users this far; every role may
 * read containers). When the engine does not answer, the browser's own query reports it as usual.
 */
export default async function Page({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const search = await searchParams;
  const raw = search.state;
  const state: ContainerStateFilter = (CONTAINER_STATE_FILTERS as readonly string[]).includes(String(raw))
    ? (raw as ContainerStateFilter)
    : 'all';
  const client = new QueryClient();
  // Only the local engine is read here; another environment's list comes from the browser's own query.
  if (
    envFromSearch(typeof search.env === 'string' ? new URLSearchParams({ env: search.env }) : null) ===
    LOCAL_ENV
  )
    await client
      .prefetchInfiniteQuery({
        // The page's initial search, sort and order (ContainersPage's defaults).
        queryKey: containerKeys.pages(LOCAL_ENV, { state, q: '', sort: 'name', order: 'asc' }),
        queryFn: () => listContainerPage({ state, sort: 'name', order: 'asc', limit: FIRST_PAGE_ROWS }),
        initialPageParam: '',
      })
      .catch(() => {});
  return (
    <HydrationBoundary state={dehydrate(client)}>
      <Suspense>
        <ContainersPage />
      </Suspense>
    </HydrationBoundary>
  );
}
