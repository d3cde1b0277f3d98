import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { Suspense } from 'react';
import { MergedLogsPage } from './MergedLogsPage';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('mergedLogs'))('title') };
}

export default function Page() {
  return (
    <Suspense>
      <MergedLogsPage />
    </Suspense>
  );
}
