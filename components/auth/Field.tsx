import type { InputHTMLAttributes } from 'react';

/** A labelled input of the auth forms, with its error under it. */
export function AuthField({
  label,
  error,
  ...props
}: InputHTMLAttributes<HTMLInputElement> & { label: string; error?: string }) {
  return (
    <label className="flex flex-col gap-1 text-sm font-medium">
      {label}
      <input
        {...props}
        aria-invalid={error ? true : undefined}
        className={`rounded-md border bg-white px-2 py-1.5 font-normal dark:bg-slate-950 ${
          error ? 'border-red-500' : 'border-slate-300 dark:border-slate-700'
        }`}
      />
      {error && <span className="text-xs font-normal text-red-600 dark:text-red-400">{error}</span>}
    </label>
  );
}
