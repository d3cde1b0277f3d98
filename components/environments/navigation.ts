'use client';

import { useRouter as useNextRouter } from 'next/navigation';
import { useMemo } from 'react';
import { useEnvironment } from '@/components/environments/current';
import { withEnv } from '@/components/environments/paths';

export { usePathname, useSearchParams } from 'next/navigation';

/** next/navigation's router whose push and replace keep the current environment (`?env=`). */
export function useRouter(): ReturnType<typeof useNextRouter> {
  const router = useNextRouter();
  const env = useEnvironment();
  return useMemo(
    () => ({
      ...router,
      push: (href, options) => router.push(withEnv(href, env), options),
      replace: (href, options) => router.replace(withEnv(href, env), options),
      prefetch: (href, options) => router.prefetch(withEnv(href, env), options),
    }),
    [router, env],
  );
}
