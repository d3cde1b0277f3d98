import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { Suspense } from 'react';
import { DeployStackPage } from './DeployStackPage';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('swarm.stack'))('title') };
}

export default function Page() {
  return (
    <Suspense>
      <DeployStackPage />
    </Suspense>
  );
}
