import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { LogHistoryPage } from './LogHistoryPage';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('logHistory'))('title') };
}

export default function Page() {
  return <LogHistoryPage />;
}
