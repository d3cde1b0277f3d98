import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { CreateContainerPage } from './CreateContainerPage';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('create'))('title') };
}

export default function Page() {
  return <CreateContainerPage />;
}
