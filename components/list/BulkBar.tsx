import type { ReactNode } from 'react';

/** The bar of actions on the selected rows; the page decides when it shows and which actions it holds. */
export function BulkBar({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div
      className="flex flex-wrap items-center gap-2 rounded-md border border-sky-200 bg-sky-50 px-3 py-2 dark:border-sky-900 dark:bg-sky-950"
      data-testid="bulk-bar"
    >
      <span className="text-sm font-medium">{label}</span>
      {children}
    </div>
  );
}
