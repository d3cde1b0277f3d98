import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { Suspense } from 'react';
import { ContainersPage } from './ContainersPage';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('containers'))('title') };
}

export default function Page() {
  return (
    <Suspense>
      <ContainersPage />
    </Suspense>
  );
}
