import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { Suspense } from 'react';
import { StacksPage } from './StacksPage';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('stacks'))('title') };
}

export default function Page() {
  return (
    <Suspense>
      <StacksPage />
    </Suspense>
  );
}
