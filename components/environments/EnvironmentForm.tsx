'use client';

import { useTranslations } from 'next-intl';
import { type FormEvent, useState } from 'react';
import { ApiError } from '@/components/api/client';
import {
  type EnvironmentCheckInput,
  type EnvironmentCreateInput,
  type EnvironmentUpdateInput,
  useCheckTyped,
  useCreateEnvironment,
  useUpdateEnvironment,
} from '@/components/environments/queries';
import { Button } from '@/components/ui/Button';
import { FormField, inputClass } from '@/components/ui/FormField';
import { useFieldErrors } from '@/components/ui/useFieldErrors';
import { environmentCreateSchema, environmentUpdateSchema } from '@/lib/environments/schemas';
import type { EnvironmentView } from '@/lib/environments/types';

interface FormState {
  id: string;
  name: string;
  address: string;
  useTls: boolean;
  ca: string;
  cert: string;
  key: string;
  sshKey: string;
  sshPassphrase: string;
}

const PEM_FIELDS = ['ca', 'cert', 'key'] as const;

/** What the form holds, as the API takes it: TLS only for tcp://, the SSH key only for ssh://. */
export function connectionOf(form: FormState): EnvironmentCheckInput {
  const address = form.address.trim();
  return {
    address,
    ...(address.startsWith('tcp://') && form.useTls
      ? { tls: { ca: form.ca, cert: form.cert, key: form.key } }
      : {}),
    ...(address.startsWith('ssh://') && form.sshKey ? { sshKey: form.sshKey } : {}),
    ...(address.startsWith('ssh://') && form.sshPassphrase ? { sshPassphrase: form.sshPassphrase } : {}),
  };
}

/**
 * Add or edit an environment. Certificates and keys are never sent back once stored: on edit, leaving them
 * empty keeps what is stored.
 */
export function EnvironmentForm({
  environment,
  onDone,
}: {
  environment: EnvironmentView | null;
  onDone: () => void;
}) {
  const t = useTranslations('environments.form');
  const tp = useTranslations('environments.problems');
  const editing = environment !== null;
  const [form, setForm] = useState<FormState>({
    id: '',
    name: environment?.name ?? '',
    address: environment?.address ?? '',
    useTls: environment?.tls ?? false,
    ca: '',
    cert: '',
    key: '',
    sshKey: '',
    sshPassphrase: '',
  });
  const fe = useFieldErrors();
  const [failure, setFailure] = useState<string | null>(null);
  const check = useCheckTyped();
  const create = useCreateEnvironment();
  const update = useUpdateEnvironment(environment?.id ?? '');
  const pending = create.isPending || update.isPending;
  const isTcp = form.address.trim().startsWith('tcp://');
  const isSsh = form.address.trim().startsWith('ssh://');
  // On edit, TLS material is replaced only when all three are given again.
  const newTls = PEM_FIELDS.some((f) => form[f].trim() !== '');

  const set =
    <K extends keyof FormState>(key: K) =>
    (value: FormState[K]) => {
      setForm((f) => ({ ...f, [key]: value }));
      fe.clear(key, key === 'ca' || key === 'cert' || key === 'key' ? 'tls' : key);
      check.reset();
    };

  const onError = (err: unknown) => {
    fe.fromServer(err);
    setFailure(err instanceof ApiError && err.fields.length === 0 ? err.message : null);
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setFailure(null);
    const connection = connectionOf(form);
    if (!editing) {
      const body: EnvironmentCreateInput = { id: form.id.trim(), name: form.name, ...connection };
      if (!fe.valid(environmentCreateSchema, body)) return;
      create.mutate(body, { onSuccess: onDone, onError });
      return;
    }
    const body: EnvironmentUpdateInput = {
      name: form.name,
      address: connection.address,
      ...(isTcp && !form.useTls && environment.tls ? { tls: null } : {}),
      ...(isTcp && form.useTls && newTls ? { tls: connection.tls } : {}),
      ...(!isTcp && environment.tls ? { tls: null } : {}),
      ...(isSsh && form.sshKey ? { sshKey: form.sshKey, sshPassphrase: form.sshPassphrase || null } : {}),
      ...(!isSsh && environment.hasSshKey ? { sshKey: null, sshPassphrase: null } : {}),
    };
    if (!fe.valid(environmentUpdateSchema, body)) return;
    update.mutate(body, { onSuccess: onDone, onError });
  };

  const runCheck = () => {
    setFailure(null);
    check.mutate(connectionOf(form), { onError });
  };

  const text = (key: 'id' | 'name' | 'address', placeholder?: string) => (
    <input
      id={`env-${key}`}
      className={inputClass(fe.errors[key])}
      value={form[key]}
      placeholder={placeholder}
      onChange={(e) => set(key)(e.target.value)}
      autoComplete="off"
      spellCheck={false}
    />
  );

  return (
    <form
      onSubmit={submit}
      className="grid gap-4 rounded-lg border border-slate-200 bg-white p-4 sm:grid-cols-2 dark:border-slate-800 dark:bg-slate-900"
      aria-label={editing ? t('editTitle', { name: environment.name }) : t('addTitle')}
      data-testid="environment-form"
      noValidate
    >
      <h2 className="text-lg font-semibold sm:col-span-2">
        {editing ? t('editTitle', { name: environment.name }) : t('addTitle')}
      </h2>
      {!editing && (
        <FormField label={t('id')} hint={t('idHint')} htmlFor="env-id" errors={fe.errors.id}>
          {text('id', 'prod')}
        </FormField>
      )}
      <FormField label={t('name')} htmlFor="env-name" errors={fe.errors.name}>
        {text('name', 'Production')}
      </FormField>
      <FormField
        label={t('address')}
        hint={t('addressHint')}
        htmlFor="env-address"
        errors={fe.errors.address}
        className="sm:col-span-2"
      >
        {text('address', 'tcp://10.0.0.5:2376')}
      </FormField>
      {isTcp && (
        <label className="flex items-center gap-2 text-sm sm:col-span-2">
          <input type="checkbox" checked={form.useTls} onChange={(e) => set('useTls')(e.target.checked)} />
          {t('useTls')}
          {editing && environment.tls && <span className="text-xs text-slate-500">{t('tlsKept')}</span>}
        </label>
      )}
      {isTcp &&
        form.useTls &&
        PEM_FIELDS.map((f) => (
          <PemField
            key={f}
            id={`env-tls-${f}`}
            label={t(`tls.${f}`)}
            value={form[f]}
            onChange={set(f)}
            errors={fe.errors[`tls.${f}`] ?? (f === 'ca' ? fe.errors.tls : undefined)}
          />
        ))}
      {isSsh && (
        <>
          <PemField
            id="env-ssh-key"
            label={t('sshKey')}
            hint={editing && environment.hasSshKey ? t('sshKept') : undefined}
            value={form.sshKey}
            onChange={set('sshKey')}
            errors={fe.errors.sshKey}
          />
          <FormField label={t('sshPassphrase')} htmlFor="env-ssh-passphrase" errors={fe.errors.sshPassphrase}>
            <input
              id="env-ssh-passphrase"
              type="password"
              className={inputClass(fe.errors.sshPassphrase)}
              value={form.sshPassphrase}
              onChange={(e) => set('sshPassphrase')(e.target.value)}
              autoComplete="off"
            />
          </FormField>
        </>
      )}
      {check.data && (
        <p
          role="status"
          data-testid="environment-form-check"
          className={`text-sm sm:col-span-2 ${check.data.ok ? 'text-green-700 dark:text-green-400' : 'text-red-700 dark:text-red-400'}`}
        >
          {check.data.ok
            ? t('checkOk', { version: check.data.version ?? '?', api: check.data.apiVersion ?? '?' })
            : `${tp(check.data.problem ?? 'unreachable')}${check.data.error ? ` (${check.data.error})` : ''}`}
        </p>
      )}
      {failure && (
        <p
          role="alert"
          className="text-sm text-red-700 sm:col-span-2 dark:text-red-400"
          data-testid="environment-form-error"
        >
          {failure}
        </p>
      )}
      <div className="flex flex-wrap gap-2 sm:col-span-2">
        <Button onClick={runCheck} disabled={check.isPending || !form.address.trim()}>
          {check.isPending ? t('checking') : t('check')}
        </Button>
        <Button type="submit" variant="primary" disabled={pending}>
          {pending ? t('saving') : t('save')}
        </Button>
        <Button variant="ghost" onClick={onDone}>
          {t('cancel')}
        </Button>
      </div>
    </form>
  );
}

/** A PEM pasted or read from a file (the file's text fills the box, so it can still be checked by eye). */
function PemField({
  id,
  label,
  hint,
  value,
  onChange,
  errors,
}: {
  id: string;
  label: string;
  hint?: string;
  value: string;
  onChange: (value: string) => void;
  errors?: readonly string[];
}) {
  const t = useTranslations('environments.form');
  return (
    <FormField label={label} hint={hint} htmlFor={id} errors={errors}>
      <textarea
        id={id}
        rows={4}
        className={`${inputClass(errors)} font-mono text-xs`}
        value={value}
        placeholder="-----BEGIN …-----"
        onChange={(e) => onChange(e.target.value)}
        spellCheck={false}
      />
      <input
        type="file"
        aria-label={t('fromFile', { what: label })}
        className="text-xs"
        onChange={(e) => {
          const file = e.target.files?.[0];
          if (file) void file.text().then(onChange);
        }}
      />
    </FormField>
  );
}
