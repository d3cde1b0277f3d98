'use client';

import { useTranslations } from 'next-intl';
import { type FormEvent, useState } from 'react';
import { ApiError, bodyFieldErrors } from '@/components/api/client';
import { AuthField } from '@/components/auth/Field';
import { useCan } from '@/components/auth/queries';
import Link from '@/components/environments/EnvLink';
import {
  type RegistryInput,
  useDeleteRegistry,
  useLoginCheck,
  useRegistries,
  useSaveRegistry,
} from '@/components/registries/queries';
import { Button } from '@/components/ui/Button';
import { CliCommand } from '@/components/ui/CliCommand';
import { ConfirmDialog } from '@/components/ui/ConfirmDialog';
import { Table } from '@/components/ui/Table';
import { registryHost } from '@/lib/images/reference';
import { renderLoginCommand, renderLogoutCommand } from '@/lib/registries/cli';
import type { RegistryView } from '@/lib/registries/types';

export function RegistriesPage() {
  const t = useTranslations('registries');
  const isAdmin = useCan('registries:admin');
  const list = useRegistries();
  const login = useLoginCheck();
  const remove = useDeleteRegistry();
  const [editing, setEditing] = useState<RegistryView | 'new' | null>(null);
  const [removing, setRemoving] = useState<RegistryView | null>(null);

  return (
    <div className="flex flex-col gap-4">
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-2xl font-semibold">{t('title')}</h1>
        {isAdmin && editing === null && (
          <Button variant="primary" className="ml-auto" onClick={() => setEditing('new')}>
            {t('add')}
          </Button>
        )}
      </div>
      <p className="text-sm text-slate-600 dark:text-slate-300">{t('intro')}</p>
      {isAdmin && editing !== null && (
        <RegistryForm
          key={editing === 'new' ? 'new' : editing.id}
          registry={editing === 'new' ? null : editing}
          onDone={() => setEditing(null)}
        />
      )}
      {list.isError && (
        <p role="alert" className="text-sm text-red-700">
          {list.error.message}
        </p>
      )}
      <Table columns={[t('columns.name'), t('columns.url'), t('columns.username'), t('columns.secret'), '']}>
        {list.data?.length === 0 && (
          <tr>
            <td colSpan={5} className="p-6 text-center text-slate-500">
              {t('empty')}
            </td>
          </tr>
        )}
        {list.data?.map((r) => (
          <tr
            key={r.id}
            className="border-b border-slate-100 dark:border-slate-800"
            data-testid="registry-row"
            data-name={r.name}
          >
            <td className="px-3 py-2 font-medium">{r.name}</td>
            <td className="px-3 py-2 font-mono text-xs">{r.url}</td>
            <td className="px-3 py-2">{r.username ?? '—'}</td>
            <td className="px-3 py-2 text-xs">{r.hasPassword ? t('stored') : t('noSecret')}</td>
            <td className="px-3 py-2">
              <div className="flex flex-wrap justify-end gap-1">
                <Link
                  href={`/registries/${r.id}`}
                  className="rounded-md border border-slate-300 px-2 py-1 text-xs font-medium hover:bg-slate-50 dark:border-slate-700 dark:hover:bg-slate-800"
                >
                  {t('browse')}
                </Link>
                <Button
                  className="px-2 py-1 text-xs"
                  title={renderLoginCommand(r.host, r.username)}
                  disabled={login.isPending}
                  onClick={() => login.mutate({ id: r.id })}
                >
                  {t('check')}
                </Button>
                {isAdmin && (
                  <>
                    <Button className="px-2 py-1 text-xs" onClick={() => setEditing(r)}>
                      {t('edit')}
                    </Button>
                    <Button variant="danger" className="px-2 py-1 text-xs" onClick={() => setRemoving(r)}>
                      {t('remove')}
                    </Button>
                  </>
                )}
              </div>
            </td>
          </tr>
        ))}
      </Table>
      <ConfirmDialog
        open={removing !== null}
        title={removing ? t('confirmRemove', { name: removing.name }) : ''}
        command={removing ? renderLogoutCommand(removing.host) : undefined}
        confirmLabel={t('remove')}
        danger
        pending={remove.isPending}
        onCancel={() => setRemoving(null)}
        onConfirm={() => removing && remove.mutate(removing, { onSuccess: () => setRemoving(null) })}
      >
        <p>{t('removeBody')}</p>
      </ConfirmDialog>
    </div>
  );
}

/** Add or edit: a password left empty keeps the stored one; it is never shown again once saved. */
function RegistryForm({ registry, onDone }: { registry: RegistryView | null; onDone: () => void }) {
  const t = useTranslations('registries');
  const save = useSaveRegistry();
  const login = useLoginCheck();
  const [form, setForm] = useState({
    name: registry?.name ?? '',
    url: registry?.url ?? '',
    username: registry?.username ?? '',
    password: '',
    clearPassword: false,
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const host = form.url.trim() ? registryHost(form.url) : '';
  const set = (key: keyof typeof form) => (e: { target: { value: string } }) =>
    setForm((f) => ({ ...f, [key]: e.target.value }));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setErrors({});
    const input: RegistryInput = { name: form.name, url: form.url, username: form.username };
    if (form.password) input.password = form.password;
    if (registry && form.clearPassword) input.clearPassword = true;
    save.mutate(
      { id: registry?.id ?? null, input },
      {
        onSuccess: onDone,
        onError: (err) => err instanceof ApiError && setErrors(bodyFieldErrors(err)),
      },
    );
  };

  const check = () => {
    setErrors({});
    login.mutate(
      registry && !form.password
        ? { id: registry.id }
        : { url: form.url, username: form.username, password: form.password, host },
      { onError: (err) => err instanceof ApiError && setErrors(bodyFieldErrors(err)) },
    );
  };

  return (
    <form
      onSubmit={submit}
      noValidate
      className="flex flex-col gap-3 rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900"
      data-testid="registry-form"
    >
      <h2 className="font-semibold">{registry ? t('editTitle', { name: registry.name }) : t('addTitle')}</h2>
      <div className="grid gap-3 sm:grid-cols-2">
        <AuthField
          label={t('fields.name')}
          name="name"
          value={form.name}
          onChange={set('name')}
          error={errors.name}
        />
        <AuthField
          label={t('fields.url')}
          name="url"
          value={form.url}
          onChange={set('url')}
          placeholder="https://registry.example.com"
          error={errors.url}
        />
        <AuthField
          label={t('fields.username')}
          name="username"
          value={form.username}
          onChange={set('username')}
          autoComplete="off"
          error={errors.username}
        />
        <AuthField
          label={registry?.hasPassword ? t('fields.passwordKeep') : t('fields.password')}
          name="password"
          type="password"
          value={form.password}
          onChange={set('password')}
          autoComplete="new-password"
          error={errors.password}
        />
      </div>
      {registry?.hasPassword && (
        <label className="flex items-center gap-2 text-sm">
          <input
            type="checkbox"
            checked={form.clearPassword}
            onChange={(e) => setForm((f) => ({ ...f, clearPassword: e.target.checked }))}
          />
          {t('fields.clearPassword')}
        </label>
      )}
      {host && <CliCommand command={renderLoginCommand(host, form.username || null)} />}
      <div className="flex gap-2">
        <Button type="submit" variant="primary" disabled={save.isPending}>
          {t('save')}
        </Button>
        <Button onClick={check} disabled={login.isPending || !host}>
          {t('check')}
        </Button>
        <Button variant="ghost" onClick={onDone}>
          {t('cancel')}
        </Button>
      </div>
    </form>
  );
}
