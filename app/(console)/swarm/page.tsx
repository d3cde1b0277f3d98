import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { Suspense } from 'react';
import { SwarmPage } from './SwarmPage';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('swarm'))('title') };
}

export default function Page() {
  return (
    <Suspense>
      <SwarmPage />
    </Suspense>
  );
}
