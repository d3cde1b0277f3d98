import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { EditContainerPage } from './EditContainerPage';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('edit'))('title') };
}

export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <EditContainerPage id={decodeURIComponent(id)} />;
}
