import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { CreateVolumePage } from './CreateVolumePage';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('volumes.form'))('title') };
}

export default function Page() {
  return <CreateVolumePage />;
}
