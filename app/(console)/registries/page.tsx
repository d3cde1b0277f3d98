import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { RegistriesPage } from './RegistriesPage';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('registries'))('title') };
}

export default function Page() {
  return <RegistriesPage />;
}
