import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { TopConsumersPage } from './TopConsumersPage';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('statsHistory'))('topTitle') };
}

export default function Page() {
  return <TopConsumersPage />;
}
