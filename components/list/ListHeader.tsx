import { Plus } from 'lucide-react';
import type { ReactNode } from 'react';
import Link from '@/components/environments/EnvLink';

/** Title, "shown of total" count, then the page's own buttons. */
export function ListHeader({
  title,
  count,
  countTestId,
  children,
}: {
  title: string;
  count: string;
  countTestId: string;
  children?: ReactNode;
}) {
  return (
    <div className="flex flex-wrap items-center gap-3">
      <h1 className="text-2xl font-semibold">{title}</h1>
      <span className="text-sm text-slate-500" data-testid={countTestId}>
        {count}
      </span>
      {children}
    </div>
  );
}

export function CreateLink({ href, label, className }: { href: string; label: string; className?: string }) {
  return (
    <Link
      href={href}
      className={`${className ? `${className} ` : ''}inline-flex items-center gap-1.5 rounded-md bg-sky-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-sky-700`}
    >
      <Plus className="h-4 w-4" aria-hidden />
      {label}
    </Link>
  );
}
