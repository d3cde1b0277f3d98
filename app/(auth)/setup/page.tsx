import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { SetupPage } from './SetupPage';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('auth'))('setupTitle') };
}

export default function Page() {
  return <SetupPage />;
}
