import Link from 'next/link';
import { getTranslations } from 'next-intl/server';

export default async function NotFound() {
  const t = await getTranslations('notFound');
  return (
    <div className="flex flex-col gap-3">
      <h1 className="text-2xl font-semibold">{t('title')}</h1>
      <Link href="/" className="text-sky-700 hover:underline dark:text-sky-400">
        {t('home')}
      </Link>
    </div>
  );
}
