'use client';

import { type InputHTMLAttributes, useState } from 'react';
import { AuthField } from '@/components/auth/Field';

export const selectClass =
  'rounded-md border border-slate-300 bg-white px-2 py-1.5 font-normal dark:border-slate-700 dark:bg-slate-950';
export const panelClass =
  'flex flex-col gap-3 rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900';

type FieldProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'name' | 'value' | 'onChange'> & {
  /** Where the server names this field's error when not under its own key (e.g. `scope.label`); the first found. */
  errorKey?: string | string[];
};

/**
 * A form of strings (what inputs hold) and the field errors the server answered, with `field` making the
 * labelled input of one key: its name, value, change handler and error, all from the key.
 */
export function useFieldForm<F extends Record<string, string>>(initial: F) {
  const [form, setForm] = useState(initial);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const set =
    <K extends keyof F>(key: K) =>
    (e: { target: { value: string } }) =>
      setForm((f) => ({ ...f, [key]: e.target.value as F[K] }));
  const errorOf = (keys: string[]) => keys.map((k) => errors[k]).find(Boolean);
  const field = (key: keyof F & string, label: string, { errorKey, ...props }: FieldProps = {}) => (
    <AuthField
      {...props}
      label={label}
      name={key}
      value={form[key]}
      onChange={set(key)}
      error={errorOf([errorKey ?? key].flat())}
    />
  );
  return { form, set, errors, setErrors, field };
}

/** A labelled select of string choices, each shown through `text`. */
export function SelectField<V extends string>({
  label,
  name,
  value,
  choices,
  text,
  onChange,
  disabled,
}: {
  label: string;
  name: string;
  value: V;
  choices: readonly V[];
  text: (choice: V) => string;
  onChange: (e: { target: { value: string } }) => void;
  disabled?: boolean;
}) {
  return (
    <label className="flex flex-col gap-1 text-sm font-medium">
      {label}
      <select name={name} className={selectClass} value={value} onChange={onChange} disabled={disabled}>
        {choices.map((c) => (
          <option key={c} value={c}>
            {text(c)}
          </option>
        ))}
      </select>
    </label>
  );
}

/** A labelled checkbox: its name, state and change handler. */
export function CheckboxField({
  label,
  name,
  checked,
  onChange,
}: {
  label: string;
  name: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
}) {
  return (
    <label className="flex items-center gap-2 text-sm">
      <input type="checkbox" name={name} checked={checked} onChange={(e) => onChange(e.target.checked)} />
      {label}
    </label>
  );
}
