import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { EnvironmentsPage } from './EnvironmentsPage';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('environments'))('title') };
}

export default function Page() {
  return <EnvironmentsPage />;
}
