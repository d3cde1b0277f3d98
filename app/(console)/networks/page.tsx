import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { Suspense } from 'react';
import { NetworksPage } from './NetworksPage';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('networks'))('title') };
}

export default function Page() {
  return (
    <Suspense>
      <NetworksPage />
    </Suspense>
  );
}
