import { ArrowLeft } from 'lucide-react';
import Link from '@/components/environments/EnvLink';

/** The link back to the list a detail page belongs to. */
export function BackLink({ href, label }: { href: string; label: string }) {
  return (
    <Link
      href={href}
      className="inline-flex items-center gap-1 text-sm text-sky-700 hover:underline dark:text-sky-400"
    >
      <ArrowLeft className="h-4 w-4" aria-hidden />
      {label}
    </Link>
  );
}
