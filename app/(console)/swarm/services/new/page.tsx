import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { Suspense } from 'react';
import { CreateServicePage } from './CreateServicePage';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('swarm.create'))('title') };
}

export default function Page() {
  return (
    <Suspense>
      <CreateServicePage />
    </Suspense>
  );
}
