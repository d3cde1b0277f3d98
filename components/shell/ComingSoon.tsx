import { getTranslations } from 'next-intl/server';
import { CliCommand } from '@/components/ui/CliCommand';

/** A section whose issue has not landed yet: says so, and shows the CLI that does it today. */
export async function ComingSoon({
  section,
  command,
}: {
  section: 'volumes' | 'networks' | 'events';
  command: string;
}) {
  const t = await getTranslations('comingSoon');
  const nav = await getTranslations('nav');
  return (
    <div className="flex max-w-2xl flex-col gap-4">
      <h1 className="text-2xl font-semibold">{nav(section)}</h1>
      <p className="text-sm text-slate-600 dark:text-slate-300">{t('body')}</p>
      <CliCommand command={command} />
    </div>
  );
}
