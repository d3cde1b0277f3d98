'use client';

import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { ApiError, apiFetch, bodyFieldErrors } from '@/components/api/client';
import { useInvalidatingMutation } from '@/components/api/mutations';
import { AuthField } from '@/components/auth/Field';
import { useMe } from '@/components/auth/queries';
import { Button } from '@/components/ui/Button';
import { ConfirmDialog } from '@/components/ui/ConfirmDialog';
import { Table } from '@/components/ui/Table';
import { userKeys, useUsers } from '@/components/users/queries';
import { usersApi } from '@/lib/api/users';
import { ROLES, type Role } from '@/lib/auth/roles';
import type { UserView } from '@/lib/auth/views';
import { TeamsSection } from './TeamsSection';

export function UsersPage() {
  const t = useTranslations('users');
  const tr = useTranslations('auth.roles');
  const me = useMe();
  const users = useUsers();
  const [form, setForm] = useState({ username: '', password: '', role: 'viewer' as Role });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [removing, setRemoving] = useState<UserView | null>(null);
  const [resetting, setResetting] = useState<UserView | null>(null);
  const [newPassword, setNewPassword] = useState('');

  const create = useInvalidatingMutation({
    mutationFn: (body: typeof form) => apiFetch(usersApi.create, { json: body }),
    invalidates: () => [userKeys.all],
    success: (body) => t('created', { username: body.username }),
  });
  const update = useInvalidatingMutation({
    mutationFn: ({ id, ...patch }: { id: number; role?: Role; disabled?: boolean }) =>
      apiFetch(usersApi.update, { params: { id }, json: patch }),
    invalidates: () => [userKeys.all],
    success: () => t('updated'),
  });
  const remove = useInvalidatingMutation({
    mutationFn: (id: number) => apiFetch(usersApi.remove, { params: { id } }),
    invalidates: () => [userKeys.all],
    success: () => t('deleted'),
  });
  const reset = useInvalidatingMutation({
    mutationFn: ({ id, password }: { id: number; password: string }) =>
      apiFetch(usersApi.setPassword, { params: { id }, json: { password } }),
    invalidates: () => [userKeys.all],
    success: () => t('passwordReset'),
  });

  return (
    <div className="flex max-w-5xl flex-col gap-6">
      <h1 className="text-2xl font-semibold">{t('title')}</h1>
      <form
        className="grid items-end gap-3 rounded-lg border border-slate-200 bg-white p-4 sm:grid-cols-4 dark:border-slate-800 dark:bg-slate-900"
        onSubmit={(e) => {
          e.preventDefault();
          setErrors({});
          create.mutate(form, {
            onSuccess: () => setForm({ username: '', password: '', role: 'viewer' }),
            onError: (err) => {
              if (err instanceof ApiError) setErrors(bodyFieldErrors(err));
            },
          });
        }}
      >
        <AuthField
          label={t('username')}
          name="new-username"
          value={form.username}
          error={errors.username}
          onChange={(e) => setForm((f) => ({ ...f, username: e.target.value }))}
        />
        <AuthField
          label={t('password')}
          name="new-password"
          type="password"
          autoComplete="new-password"
          value={form.password}
          error={errors.password}
          onChange={(e) => setForm((f) => ({ ...f, password: e.target.value }))}
        />
        <label className="flex flex-col gap-1 text-sm font-medium">
          {t('role')}
          <select
            name="new-role"
            value={form.role}
            onChange={(e) => setForm((f) => ({ ...f, role: e.target.value as Role }))}
            className="rounded-md border border-slate-300 bg-white px-2 py-1.5 font-normal dark:border-slate-700 dark:bg-slate-950"
          >
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {tr(r)}
              </option>
            ))}
          </select>
        </label>
        <Button type="submit" variant="primary" disabled={create.isPending}>
          {t('create')}
        </Button>
      </form>

      <Table columns={[t('username'), t('role'), t('twoFactor'), t('status'), '']}>
        {users.data?.map((u) => (
          <tr
            key={u.id}
            className="border-b border-slate-100 dark:border-slate-800"
            data-testid="user-row"
            data-username={u.username}
          >
            <td className="px-3 py-2 font-medium">
              {u.username}
              {u.identities.map((i) => (
                <span
                  key={`${i.source}:${i.provider}`}
                  data-testid="user-identity"
                  title={t('identityHint')}
                  className="ml-2 rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs font-normal text-slate-600 dark:bg-slate-800 dark:text-slate-300"
                >
                  {i.source}:{i.provider}
                </span>
              ))}
            </td>
            <td className="px-3 py-2">
              <select
                aria-label={t('roleOf', { username: u.username })}
                value={u.role}
                disabled={u.id === me.data?.user.id}
                onChange={(e) => update.mutate({ id: u.id, role: e.target.value as Role })}
                className="rounded border border-slate-300 bg-white px-1 py-0.5 dark:border-slate-700 dark:bg-slate-950"
              >
                {ROLES.map((r) => (
                  <option key={r} value={r}>
                    {tr(r)}
                  </option>
                ))}
              </select>
              {u.effectiveRole !== u.role && (
                <span className="ml-2 text-xs text-slate-500">
                  {t('viaTeam', { role: tr(u.effectiveRole) })}
                </span>
              )}
            </td>
            <td className="px-3 py-2">{u.totpEnabled ? t('on') : t('off')}</td>
            <td className="px-3 py-2">{u.disabled ? t('disabled') : t('active')}</td>
            <td className="flex justify-end gap-1 px-3 py-2">
              {u.id !== me.data?.user.id && (
                <>
                  <Button variant="ghost" onClick={() => update.mutate({ id: u.id, disabled: !u.disabled })}>
                    {u.disabled ? t('enable') : t('disable')}
                  </Button>
                  <Button
                    variant="ghost"
                    onClick={() => {
                      setResetting(u);
                      setNewPassword('');
                    }}
                  >
                    {t('resetPassword')}
                  </Button>
                  <Button variant="ghost" onClick={() => setRemoving(u)}>
                    {t('delete')}
                  </Button>
                </>
              )}
            </td>
          </tr>
        ))}
      </Table>
      <TeamsSection users={users.data ?? []} />
      <ConfirmDialog
        open={removing !== null}
        title={t('confirmDelete', { username: removing?.username ?? '' })}
        confirmLabel={t('delete')}
        danger
        onCancel={() => setRemoving(null)}
        onConfirm={() => removing && remove.mutate(removing.id, { onSuccess: () => setRemoving(null) })}
      />
      <ConfirmDialog
        open={resetting !== null}
        title={t('resetTitle', { username: resetting?.username ?? '' })}
        confirmLabel={t('resetPassword')}
        onCancel={() => setResetting(null)}
        onConfirm={() =>
          resetting &&
          reset.mutate({ id: resetting.id, password: newPassword }, { onSuccess: () => setResetting(null) })
        }
      >
        <AuthField
          label={t('password')}
          type="password"
          autoComplete="new-password"
          value={newPassword}
          onChange={(e) => setNewPassword(e.target.value)}
        />
      </ConfirmDialog>
    </div>
  );
}
