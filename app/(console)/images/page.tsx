import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { Suspense } from 'react';
import { ImagesPage } from './ImagesPage';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('images'))('title') };
}

export default function Page() {
  return (
    <Suspense>
      <ImagesPage />
    </Suspense>
  );
}
