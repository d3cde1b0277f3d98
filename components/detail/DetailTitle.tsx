import type { ReactNode } from 'react';

/** The resource's name as the page heading, then what the page puts beside it (badges, buttons). */
export function DetailTitle({
  title,
  testId,
  children,
}: {
  title: string;
  testId: string;
  children?: ReactNode;
}) {
  return (
    <div className="flex flex-wrap items-center gap-3">
      <h1 className="text-2xl font-semibold break-all" data-testid={testId}>
        {title}
      </h1>
      {children}
    </div>
  );
}
