import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { NewStackPage } from './NewStackPage';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('stacks.new'))('title') };
}

export default function Page() {
  return <NewStackPage />;
}
