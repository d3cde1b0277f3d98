import type { ReactNode } from 'react';

/**
 * A plain bordered table: uppercase column titles, then the rows the page renders. An empty title leaves
 * the column untitled (the row's buttons); titles are the keys, so at most one may be empty.
 */
export function Table({
  columns,
  testId,
  after,
  children,
}: {
  columns: readonly string[];
  /** data-testid of the table element. */
  testId?: string;
  /** Shown inside the border below the table (an empty-list message). */
  after?: ReactNode;
  children: ReactNode;
}) {
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
      <table className="w-full text-left text-sm" data-testid={testId}>
        <thead className="border-b border-slate-200 text-xs text-slate-500 uppercase dark:border-slate-800">
          <tr>
            {columns.map((title) => (
              <th key={title} className="px-3 py-2">
                {title || null}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
      {after}
    </div>
  );
}
