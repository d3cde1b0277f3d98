import { useSearchParams } from 'next/navigation';
import { envFromSearch } from '@/components/environments/paths';
import { LOCAL_ENVIRONMENT } from '@/lib/environments/types';

/** The environment the page is on: the URL's `?env=` (absent means `local`). */
export function useEnvironment(): string {
  return envFromSearch(useSearchParams());
}

/**
 * The same, outside React (apiFetch): read from the address bar at call time, which is the URL the hooks that
 * keyed the query rendered with.
 */
export function currentEnvironment(): string {
  return typeof window === 'undefined' ? LOCAL_ENVIRONMENT : envFromSearch(window.location.search);
}
