import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { StatsOverviewPage } from './StatsOverviewPage';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('statsOverview'))('title') };
}

export default function Page() {
  return <StatsOverviewPage />;
}
