import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { CreateNetworkPage } from './CreateNetworkPage';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('networks.form'))('title') };
}

export default function Page() {
  return <CreateNetworkPage />;
}
