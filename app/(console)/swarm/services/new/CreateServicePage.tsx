'use client';

import { useTranslations } from 'next-intl';
import Link from '@/components/environments/EnvLink';
import { ServiceForm } from '@/components/swarm/ServiceForm';
import { SwarmGate } from '@/components/swarm/SwarmGate';

export function CreateServicePage() {
  const t = useTranslations('swarm');
  return (
    <div className="flex max-w-4xl flex-col gap-4">
      <Link href="/swarm?tab=services" className="text-sm text-sky-700 hover:underline dark:text-sky-400">
        ← {t('backToServices')}
      </Link>
      <h1 className="text-2xl font-semibold">{t('create.title')}</h1>
      <SwarmGate>{() => <ServiceForm />}</SwarmGate>
    </div>
  );
}
