'use client';

import { useTranslations } from 'next-intl';
import { createContext, type ReactNode, useContext } from 'react';
import { FormField, inputClass } from '@/components/ui/FormField';
import type {
  ContainerFormState,
  FormField as FieldName,
  ListField,
  SwitchField,
  TextField,
} from '@/lib/containers/form-state';

export type FieldErrors = Partial<Record<FieldName, string[]>>;

export interface FormFieldsContext {
  state: ContainerFormState;
  errors: FieldErrors;
  update: <K extends keyof ContainerFormState>(key: K, value: ContainerFormState[K]) => void;
  mode: 'create' | 'edit' | 'duplicate';
}

const Ctx = createContext<FormFieldsContext | null>(null);
export const FieldsProvider = Ctx.Provider;

export function useFields(): FormFieldsContext {
  const ctx = useContext(Ctx);
  if (!ctx) throw new Error('useFields outside ContainerForm');
  return ctx;
}

/** A field's label: the first form's own keys (`create.fields.*`), then the ones issue 15 added. */
export function useFieldLabel(): (field: FieldName) => string {
  const t = useTranslations('create');
  return (field) => (t.has(`fields.${field}`) ? t(`fields.${field}`) : t(`adv.fields.${field}`));
}

/** A group of fields inside a tab, two columns wide on a large screen. */
export function Section({ title, children }: { title?: string; children: ReactNode }) {
  return (
    <fieldset className="grid gap-4 sm:grid-cols-2">
      {title && (
        <legend className="mb-2 text-xs font-semibold tracking-wide text-slate-500 uppercase">{title}</legend>
      )}
      {children}
    </fieldset>
  );
}

/** One-value option: `--memory-reservation 256m`. `suggestions` feed a datalist (the value stays free text). */
export function TextInput({
  field,
  flag,
  placeholder,
  suggestions,
  list,
  readOnly = false,
  wide = false,
}: {
  field: TextField | 'image';
  flag?: string;
  placeholder?: string;
  suggestions?: readonly string[];
  list?: string;
  readOnly?: boolean;
  wide?: boolean;
}) {
  const { state, errors, update } = useFields();
  const label = useFieldLabel();
  const listId = suggestions ? `f-${field}-suggestions` : list;
  return (
    <FormField
      label={label(field)}
      hint={flag}
      errors={errors[field]}
      htmlFor={`f-${field}`}
      errorTestId={`error-${field}`}
      className={wide ? 'sm:col-span-2' : ''}
    >
      <input
        id={`f-${field}`}
        name={field}
        list={listId}
        value={state[field]}
        placeholder={placeholder}
        readOnly={readOnly}
        onChange={(e) => update(field, e.target.value)}
        aria-invalid={errors[field] ? true : undefined}
        className={`${inputClass(errors[field])} ${readOnly ? 'bg-slate-100 dark:bg-slate-800' : ''}`}
      />
      {suggestions && (
        <datalist id={listId}>
          {suggestions.map((s) => (
            <option key={s} value={s} />
          ))}
        </datalist>
      )}
    </FormField>
  );
}

/** Shell words (the command, the entrypoint): a textarea, so a word with a line break survives. */
export function WordsInput({
  field,
  hint,
  placeholder,
}: {
  field: 'command' | 'entrypoint';
  hint: string;
  placeholder?: string;
}) {
  const { state, errors, update } = useFields();
  const label = useFieldLabel();
  return (
    <FormField
      label={label(field)}
      hint={hint}
      errors={errors[field]}
      htmlFor={`f-${field}`}
      errorTestId={`error-${field}`}
    >
      <textarea
        id={`f-${field}`}
        name={field}
        rows={1}
        value={state[field]}
        placeholder={placeholder}
        onChange={(e) => update(field, e.target.value)}
        aria-invalid={errors[field] ? true : undefined}
        className={`${inputClass(errors[field])} font-mono`}
      />
    </FormField>
  );
}

/** A repeatable option, one value a line (`--tmpfs`, `--ulimit`…). */
export function LinesInput({
  field,
  flag,
  hint,
  placeholder,
  rows = 3,
  wide = false,
  children,
}: {
  field: ListField;
  /** The option: the hint says "<flag>, one a line". */
  flag?: string;
  /** A hint of its own instead. */
  hint?: string;
  placeholder?: string;
  rows?: number;
  wide?: boolean;
  /** Shown between the label and the textarea (the capability grid). */
  children?: ReactNode;
}) {
  const t = useTranslations('create.adv');
  const { state, errors, update } = useFields();
  const label = useFieldLabel();
  const kept = state.advanced[field] ?? [];
  return (
    <FormField
      label={label(field)}
      hint={hint ?? (flag ? t('onePerLine', { flag }) : undefined)}
      errors={errors[field]}
      htmlFor={`f-${field}`}
      errorTestId={`error-${field}`}
      className={wide ? 'sm:col-span-2' : ''}
    >
      {children}
      <textarea
        id={`f-${field}`}
        name={field}
        rows={rows}
        value={state[field]}
        placeholder={placeholder}
        onChange={(e) => update(field, e.target.value)}
        aria-invalid={errors[field] ? true : undefined}
        className={`${inputClass(errors[field])} font-mono`}
      />
      {kept.length > 0 && (
        <p className="flex items-center gap-2 text-xs text-amber-700 dark:text-amber-400">
          {t('kept', { count: kept.length })}
          <button
            type="button"
            className="underline"
            onClick={() => {
              const { [field]: _dropped, ...rest } = state.advanced;
              update('advanced', rest);
            }}
          >
            {t('discardKept')}
          </button>
        </p>
      )}
    </FormField>
  );
}

/** A switch (`--read-only`): a checkbox labelled with its flag, its errors under it. */
export function Check({
  field,
  flag,
  label: ownLabel,
}: {
  field: SwitchField | 'start';
  flag: string;
  label?: string;
}) {
  const { state, errors, update } = useFields();
  const label = useFieldLabel();
  return (
    <div className="flex flex-col gap-1">
      <label className="flex items-center gap-2 text-sm">
        <input
          type="checkbox"
          id={`f-${field}`}
          name={field}
          checked={state[field]}
          onChange={(e) => update(field, e.target.checked)}
          aria-invalid={errors[field] ? true : undefined}
        />
        {ownLabel ?? label(field)}
        <code className="text-xs text-slate-500">{flag}</code>
      </label>
      {errors[field]?.map((e) => (
        <p key={e} className="text-xs text-red-600 dark:text-red-400" data-testid={`error-${field}`}>
          {e}
        </p>
      ))}
    </div>
  );
}

/** A column of switches. */
export function Checks({ children }: { children: ReactNode }) {
  return <div className="flex flex-col gap-2 pt-1">{children}</div>;
}
