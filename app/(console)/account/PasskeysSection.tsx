'use client';

import { browserSupportsWebAuthn, startRegistration } from '@simplewebauthn/browser';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useLocale, useTranslations } from 'next-intl';
import { useState } from 'react';
import { ApiError, apiFetch } from '@/components/api/client';
import { useInvalidatingMutation } from '@/components/api/mutations';
import { AuthField } from '@/components/auth/Field';
import { authKeys, useMe } from '@/components/auth/queries';
import { Button } from '@/components/ui/Button';
import { ConfirmDialog } from '@/components/ui/ConfirmDialog';
import { passkeysApi } from '@/lib/api/passkeys';
import type { PasskeyView } from '@/lib/auth/passkeys';
import { Section } from './AccountPage';

const passkeyKeys = { list: () => [...authKeys.all, 'passkeys'] as const };

/** The user's passkeys: add one (the browser asks the authenticator), rename, remove with confirmation. */
export function PasskeysSection() {
  const t = useTranslations('passkeys');
  const locale = useLocale();
  const me = useMe();
  const queryClient = useQueryClient();
  const list = useQuery({ queryKey: passkeyKeys.list(), queryFn: () => apiFetch(passkeysApi.list) });
  const [name, setName] = useState('');
  const [adding, setAdding] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [removing, setRemoving] = useState<PasskeyView | null>(null);
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: passkeyKeys.list() }),
      // A passkey may be what satisfies a required second factor.
      queryClient.invalidateQueries({ queryKey: authKeys.me() }),
    ]);
  const remove = useInvalidatingMutation({
    mutationFn: (id: number) => apiFetch(passkeysApi.remove, { params: { id } }),
    invalidates: () => [passkeyKeys.list(), authKeys.me()],
    success: () => t('removed'),
  });
  const date = (ms: number | null) => (ms ? new Date(ms).toLocaleString(locale) : t('never'));

  const add = async () => {
    setAdding(true);
    setError(null);
    try {
      const optionsJSON = await apiFetch(passkeysApi.registerOptions);
      const response = await startRegistration({ optionsJSON });
      await apiFetch(passkeysApi.registerVerify, { json: { name: name.trim(), response } });
      setName('');
      await refresh();
    } catch (err) {
      // The browser's own refusals (cancelled, timed out) are DOMExceptions named NotAllowedError.
      setError(
        err instanceof ApiError
          ? (err.fields[0]?.message ?? err.message)
          : (err as Error).name === 'NotAllowedError'
            ? t('cancelled')
            : (err as Error).message,
      );
    } finally {
      setAdding(false);
    }
  };

  return (
    <Section title={t('title')}>
      <p className="text-sm text-slate-600 dark:text-slate-300">{t('help')}</p>
      {me.data?.require2fa && (
        <p className="text-sm text-slate-600 dark:text-slate-300">{t('countsAsSecondFactor')}</p>
      )}
      {typeof window !== 'undefined' && !browserSupportsWebAuthn() ? (
        <p className="text-sm text-amber-700 dark:text-amber-400">{t('unsupported')}</p>
      ) : (
        <form
          className="flex flex-wrap items-end gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            void add();
          }}
        >
          <div className="min-w-48 flex-1">
            <AuthField
              // No "name" in it: the API tokens form on this page is labelled "Name".
              label={t('nameLabel')}
              name="passkeyName"
              placeholder={t('namePlaceholder')}
              value={name}
              onChange={(e) => setName(e.target.value)}
            />
          </div>
          <Button type="submit" variant="primary" disabled={!name.trim() || adding} data-testid="passkey-add">
            {adding ? t('adding') : t('add')}
          </Button>
        </form>
      )}
      {error && (
        <p role="alert" className="text-sm text-red-600 dark:text-red-400">
          {error}
        </p>
      )}
      {list.data && list.data.length === 0 && (
        <p className="text-sm text-slate-500" data-testid="passkeys-empty">
          {t('none')}
        </p>
      )}
      {list.data && list.data.length > 0 && (
        <table className="w-full text-left text-sm" data-testid="passkeys-table">
          <thead className="text-xs text-slate-500 uppercase">
            <tr>
              <th className="py-1">{t('name')}</th>
              <th className="py-1">{t('created')}</th>
              <th className="py-1">{t('lastUsed')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {list.data.map((p) => (
              <tr key={p.id} className="border-t border-slate-100 dark:border-slate-800">
                <td className="py-1.5">{p.name}</td>
                <td className="py-1.5 text-slate-500">{date(p.createdAt)}</td>
                <td className="py-1.5 text-slate-500" data-testid="passkey-last-used">
                  {date(p.lastUsedAt)}
                </td>
                <td className="py-1.5 text-right">
                  <Button
                    variant="ghost"
                    aria-label={`${t('remove')}: ${p.name}`}
                    onClick={() => setRemoving(p)}
                  >
                    {t('remove')}
                  </Button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <ConfirmDialog
        open={removing !== null}
        title={t('removeTitle', { name: removing?.name ?? '' })}
        confirmLabel={t('remove')}
        danger
        pending={remove.isPending}
        onCancel={() => setRemoving(null)}
        onConfirm={() => {
          if (removing) remove.mutate(removing.id, { onSettled: () => setRemoving(null) });
        }}
      >
        {t('removeBody')}
      </ConfirmDialog>
    </Section>
  );
}
