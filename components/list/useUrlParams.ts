'use client';

import { usePathname, useRouter, useSearchParams } from '@/components/environments/navigation';

/** The page's query parameters, and a setter for one of them (null removes it) that keeps the others. */
export function useUrlParams() {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const setParam = (key: string, value: string | null) => {
    const q = new URLSearchParams(params);
    if (value === null) q.delete(key);
    else q.set(key, value);
    router.replace(`${pathname}${q.size ? `?${q}` : ''}`);
  };
  return { params, setParam };
}

/**
 * A filter kept in the URL, so a filtered list can be linked to. An unknown value reads as the fallback, and
 * choosing the fallback removes the parameter.
 */
export function useFilterParam<F extends string>(
  key: string,
  options: readonly F[],
  fallback: F,
): [F, (next: F) => void] {
  const { params, setParam } = useUrlParams();
  const raw = params.get(key);
  const value = options.find((o) => o === raw) ?? fallback;
  return [value, (next) => setParam(key, next === fallback ? null : next)];
}
