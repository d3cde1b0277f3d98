import type { ReactNode } from 'react';

/** A text input's classes, red-bordered when it has errors. */
export function inputClass(errors?: readonly string[]) {
  return `w-full rounded-md border bg-white px-2 py-1.5 text-sm dark:bg-slate-950 ${
    errors?.length ? 'border-red-500' : 'border-slate-300 dark:border-slate-700'
  }`;
}

export function FormSection({ title, children }: { title: string; children: ReactNode }) {
  return (
    <fieldset className="grid gap-4 rounded-lg border border-slate-200 bg-white p-4 sm:grid-cols-2 dark:border-slate-800 dark:bg-slate-900">
      <legend className="px-1 text-sm font-semibold">{title}</legend>
      {children}
    </fieldset>
  );
}

/** A labelled form control with its hint beside the label and its errors under it. */
export function FormField({
  label,
  hint,
  errors,
  htmlFor,
  children,
  className = '',
  errorTestId = `error-${htmlFor}`,
}: {
  label: string;
  hint?: string;
  errors?: readonly string[];
  htmlFor: string;
  children: ReactNode;
  className?: string;
  /** The test id of its error lines; by default `error-` and the control's id. */
  errorTestId?: string;
}) {
  return (
    <div className={`flex flex-col gap-1 ${className}`}>
      <div className="flex items-baseline gap-2">
        <label htmlFor={htmlFor} className="text-sm font-medium">
          {label}
        </label>
        {hint && <span className="text-xs text-slate-500">{hint}</span>}
      </div>
      {children}
      {errors?.map((e) => (
        <p key={e} className="text-xs text-red-600 dark:text-red-400" data-testid={errorTestId}>
          {e}
        </p>
      ))}
    </div>
  );
}

/** Field errors of a zod result or an API 400, keyed by dotted path below `body.`. */
export function errorsByPath(issues: readonly { path: string; message: string }[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const issue of issues) {
    const key = issue.path.replace(/^body\./, '');
    out[key] = [...(out[key] ?? []), issue.message];
  }
  return out;
}

/** errorsByPath for the issues of a failed zod parse, whose paths are arrays. */
export function issueErrors(
  issues: readonly { path: readonly PropertyKey[]; message: string }[],
): Record<string, string[]> {
  return errorsByPath(issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
}

/** Errors of a list field (`labels.2`) gathered under the list, each prefixed with its line number. */
export function listErrors(errors: Record<string, string[]>, field: string): string[] | undefined {
  const found = Object.entries(errors).flatMap(([path, messages]) => {
    if (path === field) return messages;
    const match = new RegExp(`^${field}\\.(\\d+)$`).exec(path);
    return match ? messages.map((m) => `#${Number(match[1]) + 1}: ${m}`) : [];
  });
  return found.length ? found : undefined;
}

/** A monospace textarea of one entry a line (labels, options); its errors are listErrors of the list. */
export function LinesField({
  id,
  label,
  hint,
  errors,
  value,
  placeholder,
  onChange,
}: {
  id: string;
  label: string;
  hint: string;
  errors?: readonly string[];
  value: string;
  placeholder: string;
  onChange: (value: string) => void;
}) {
  return (
    <FormField label={label} hint={hint} errors={errors} htmlFor={id}>
      <textarea
        id={id}
        rows={3}
        value={value}
        placeholder={placeholder}
        onChange={(e) => onChange(e.target.value)}
        className={`${inputClass(errors)} font-mono`}
      />
    </FormField>
  );
}
