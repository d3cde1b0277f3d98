import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { Suspense } from 'react';
import { LoginPage } from './LoginPage';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('auth'))('login') };
}

export default function Page() {
  return (
    <Suspense>
      <LoginPage />
    </Suspense>
  );
}
