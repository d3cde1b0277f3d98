'use client';

import { useTranslations } from 'next-intl';
import Link from '@/components/environments/EnvLink';
import { StackDeployForm } from '@/components/swarm/StackDeployForm';
import { SwarmGate } from '@/components/swarm/SwarmGate';

export function DeployStackPage() {
  const t = useTranslations('swarm');
  return (
    <div className="flex max-w-4xl flex-col gap-4">
      <Link href="/swarm?tab=services" className="text-sm text-sky-700 hover:underline dark:text-sky-400">
        ← {t('backToServices')}
      </Link>
      <h1 className="text-2xl font-semibold">{t('stack.title')}</h1>
      <SwarmGate>{() => <StackDeployForm />}</SwarmGate>
    </div>
  );
}
