import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { PrunePage } from './PrunePage';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('system'))('pruneTitle') };
}

export default function Page() {
  return <PrunePage />;
}
