import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { Suspense } from 'react';
import { VolumesPage } from './VolumesPage';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('volumes'))('title') };
}

export default function Page() {
  return (
    <Suspense>
      <VolumesPage />
    </Suspense>
  );
}
