'use client';

import { Download } from 'lucide-react';
import { useEnvironment } from '@/components/environments/current';
import { withEnv } from '@/components/environments/paths';

/** A download served by the API, drawn as a secondary button; the title shows the equivalent command. */
export function DownloadLink({
  href,
  title,
  label,
  download,
}: {
  href: string;
  title: string;
  label: string;
  download?: boolean;
}) {
  const env = useEnvironment();
  return (
    <a
      href={withEnv(href, env)}
      download={download}
      className="inline-flex items-center gap-1.5 rounded-md border border-slate-300 px-3 py-1.5 text-sm font-medium hover:bg-slate-50 dark:border-slate-700 dark:hover:bg-slate-800"
      title={title}
    >
      <Download className="h-4 w-4" aria-hidden />
      {label}
    </a>
  );
}
