import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { EventsPage } from './EventsPage';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('events'))('title') };
}

export default function Page() {
  return <EventsPage />;
}
