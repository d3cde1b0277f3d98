'use client';

import { QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { type ReactNode, useState } from 'react';
import { ApiError } from '@/components/api/client';
import { showError } from '@/components/api/toast';
import { Toaster } from '@/components/ui/toaster';

export function Providers({ children }: { children: ReactNode }) {
  const t = useTranslations('errors');
  const [client] = useState(
    () =>
      new QueryClient({
        queryCache: new QueryCache({
          // Background refetch failures toast once; the engine-down case is the header's banner instead.
          onError: (err, query) => {
            if (err instanceof ApiError && err.code === 'engine_unreachable') return;
            if (query.state.data !== undefined) showError(err, t);
          },
        }),
        defaultOptions: {
          queries: {
            staleTime: 2_000,
            retry: (count, err) =>
              !(err instanceof ApiError && err.status >= 400 && err.status < 500) && count < 2,
          },
        },
      }),
  );
  return (
    <QueryClientProvider client={client}>
      {children}
      <Toaster richColors closeButton position="bottom-right" />
    </QueryClientProvider>
  );
}
