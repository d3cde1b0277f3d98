/** A label and its value, one row of a FieldList. */
export type Field = readonly [label: string, value: string];

const CARD =
  'grid gap-x-6 gap-y-2 rounded-lg border border-slate-200 bg-white p-4 text-sm sm:grid-cols-[12rem_1fr] dark:border-slate-800 dark:bg-slate-900';
const VALUE = 'font-mono text-xs break-all whitespace-pre-wrap sm:text-sm';

/**
 * The overview's label/value rows as a <dl>, in a card by default. Values keep their line breaks unless the
 * page passes its own value classes.
 */
export function FieldList({
  fields,
  className = CARD,
  valueClassName = VALUE,
}: {
  fields: readonly Field[];
  className?: string;
  valueClassName?: string;
}) {
  return (
    <dl className={className}>
      {fields.map(([k, v]) => (
        <div key={k} className="contents">
          <dt className="text-slate-500">{k}</dt>
          <dd className={valueClassName}>{v}</dd>
        </div>
      ))}
    </dl>
  );
}

/** `key=value` lines of a record (labels, options), or a dash when it is empty. */
export function pairLines(record: Readonly<Record<string, unknown>>): string {
  return (
    Object.entries(record)
      .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
      .join('\n') || '—'
  );
}
