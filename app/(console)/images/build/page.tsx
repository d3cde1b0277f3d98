import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { BuildPage } from './BuildPage';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('images.build'))('title') };
}

export default function Page() {
  return <BuildPage />;
}
