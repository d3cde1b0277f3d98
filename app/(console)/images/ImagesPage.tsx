'use client';

import { useLocale, useTranslations } from 'next-intl';
import { useImages } from '@/components/images/queries';
import { CliCommand } from '@/components/ui/CliCommand';
import { formatBytes, formatRelative, shortId } from '@/lib/format';

/** Read-only for now: pull, build, push and prune arrive with issue #5. */
export function ImagesPage() {
  const t = useTranslations('images');
  const locale = useLocale();
  const images = useImages();
  return (
    <div className="flex flex-col gap-4">
      <h1 className="text-2xl font-semibold">{t('title')}</h1>
      <CliCommand command="docker image ls" />
      {images.isError ? (
        <p role="alert" className="text-sm text-red-600">
          {images.error.message}
        </p>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
          <table className="w-full text-left text-sm">
            <thead className="border-b border-slate-200 text-xs text-slate-500 uppercase dark:border-slate-800">
              <tr>
                <th className="px-3 py-2">{t('tags')}</th>
                <th className="px-3 py-2">{t('id')}</th>
                <th className="px-3 py-2">{t('size')}</th>
                <th className="px-3 py-2">{t('created')}</th>
              </tr>
            </thead>
            <tbody>
              {images.data?.map((img) => (
                <tr key={img.id} className="border-b border-slate-100 dark:border-slate-800">
                  <td className="px-3 py-1.5 font-mono text-xs">
                    {img.tags.length ? img.tags.join(', ') : '<none>'}
                  </td>
                  <td className="px-3 py-1.5 font-mono text-xs">{shortId(img.id)}</td>
                  <td className="px-3 py-1.5">{formatBytes(img.size, locale)}</td>
                  <td className="px-3 py-1.5 text-slate-500">{formatRelative(img.created * 1000, locale)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
