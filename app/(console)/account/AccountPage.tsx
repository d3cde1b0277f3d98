'use client';

import { useLocale, useTranslations } from 'next-intl';
import { type ReactNode, useState } from 'react';
import { ApiError, apiFetch, bodyFieldErrors } from '@/components/api/client';
import { useInvalidatingMutation } from '@/components/api/mutations';
import { AuthField } from '@/components/auth/Field';
import { authKeys, useMe, useTokens } from '@/components/auth/queries';
import { Button } from '@/components/ui/Button';
import { CopyButton } from '@/components/ui/CopyButton';
import { authApi } from '@/lib/api/auth';
import type { ApiTokenView } from '@/lib/auth/views';
import { PasskeysSection } from './PasskeysSection';
import { TotpSection } from './TotpSection';

export function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="flex flex-col gap-3 rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
      <h2 className="font-semibold">{title}</h2>
      {children}
    </section>
  );
}

export function AccountPage() {
  const t = useTranslations('account');
  const me = useMe();
  return (
    <div className="flex max-w-3xl flex-col gap-6">
      <h1 className="text-2xl font-semibold">{t('title')}</h1>
      {me.data && (
        <p className="text-sm text-slate-600 dark:text-slate-300">
          {t('signedInAs', { username: me.data.user.username, role: me.data.user.role })}
        </p>
      )}
      <PasswordSection />
      <TotpSection />
      <PasskeysSection />
      <TokensSection />
      <Section title={t('sessions')}>
        <p className="text-sm text-slate-600 dark:text-slate-300">{t('logoutAllHelp')}</p>
        <div>
          <Button
            variant="danger"
            onClick={async () => {
              await apiFetch(authApi.logoutAll);
              window.location.assign('/login');
            }}
          >
            {t('logoutAll')}
          </Button>
        </div>
      </Section>
    </div>
  );
}

function PasswordSection() {
  const t = useTranslations('account');
  const [form, setForm] = useState({ current: '', next: '' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  return (
    <Section title={t('password')}>
      <form
        className="grid gap-3 sm:grid-cols-2"
        onSubmit={async (e) => {
          e.preventDefault();
          try {
            await apiFetch(authApi.password, { json: form });
            window.location.assign('/login');
          } catch (err) {
            if (err instanceof ApiError && err.fields.length) {
              setErrors(bodyFieldErrors(err));
            } else setErrors({ next: (err as Error).message });
          }
        }}
      >
        <AuthField
          label={t('currentPassword')}
          type="password"
          autoComplete="current-password"
          value={form.current}
          error={errors.current}
          onChange={(e) => setForm((f) => ({ ...f, current: e.target.value }))}
        />
        <AuthField
          label={t('newPassword')}
          type="password"
          autoComplete="new-password"
          value={form.next}
          error={errors.next}
          onChange={(e) => setForm((f) => ({ ...f, next: e.target.value }))}
        />
        <div className="sm:col-span-2">
          <Button type="submit" variant="primary">
            {t('changePassword')}
          </Button>
        </div>
      </form>
    </Section>
  );
}

function TokensSection() {
  const t = useTranslations('account');
  const locale = useLocale();
  const tokens = useTokens();
  const [name, setName] = useState('');
  const [keep, setKeep] = useState(false);
  const [created, setCreated] = useState<string | null>(null);
  const create = useInvalidatingMutation({
    mutationFn: (body: { name: string; keep: boolean }) => apiFetch(authApi.createToken, { json: body }),
    invalidates: () => [authKeys.tokens()],
  });
  const revoke = useInvalidatingMutation({
    mutationFn: (id: number) => apiFetch(authApi.revokeToken, { params: { id } }),
    invalidates: () => [authKeys.tokens()],
    success: () => t('tokenRevoked'),
  });
  const setKept = useInvalidatingMutation({
    mutationFn: (v: { id: number; keep: boolean }) =>
      apiFetch(authApi.setTokenKeep, { params: { id: v.id }, json: { keep: v.keep } }),
    invalidates: () => [authKeys.tokens()],
    success: (_vars, res) => (res.keep ? t('tokenKeepOn') : t('tokenKeepOff')),
  });
  const date = (ms: number | null) => (ms ? new Date(ms).toLocaleString(locale) : '—');
  const lastUse = (tok: ApiTokenView) =>
    !tok.lastUsedAt
      ? t('neverUsed')
      : tok.lastUsedIp
        ? t('lastUsedFrom', { time: date(tok.lastUsedAt), ip: tok.lastUsedIp })
        : date(tok.lastUsedAt);
  return (
    <Section title={t('tokens')}>
      <p className="text-sm text-slate-600 dark:text-slate-300">{t('tokensHelp')}</p>
      <p className="text-sm text-slate-600 dark:text-slate-300">{t('tokensRevokedWith')}</p>
      <form
        className="flex flex-wrap items-end gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate(
            { name, keep },
            {
              onSuccess: (res) => {
                setCreated(res.token);
                setName('');
                setKeep(false);
              },
            },
          );
        }}
      >
        <div className="min-w-48 flex-1">
          <AuthField label={t('tokenName')} value={name} onChange={(e) => setName(e.target.value)} />
        </div>
        <label className="flex items-center gap-2 py-2 text-sm">
          <input type="checkbox" checked={keep} onChange={(e) => setKeep(e.target.checked)} />
          {t('tokenKeep')}
        </label>
        <Button type="submit" variant="primary" disabled={!name.trim() || create.isPending}>
          {t('createToken')}
        </Button>
      </form>
      {created && (
        <div
          className="flex flex-col gap-2 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm dark:border-amber-800 dark:bg-amber-950"
          role="status"
        >
          <p>{t('tokenOnce')}</p>
          <code className="break-all font-mono text-xs" data-testid="new-token">
            {created}
          </code>
          <div>
            <CopyButton text={created} label={t('copy')} />
          </div>
        </div>
      )}
      <table className="w-full text-left text-sm">
        <thead className="text-xs text-slate-500 uppercase">
          <tr>
            <th className="py-1">{t('tokenName')}</th>
            <th className="py-1">{t('prefix')}</th>
            <th className="py-1">{t('created')}</th>
            <th className="py-1">{t('lastUsed')}</th>
            <th className="py-1">{t('tokenKeepShort')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {tokens.data?.map((tok) => (
            <tr key={tok.id} className="border-t border-slate-100 dark:border-slate-800">
              <td className="py-1.5">{tok.name}</td>
              <td className="py-1.5 font-mono text-xs">{tok.prefix}…</td>
              <td className="py-1.5 text-slate-500">{date(tok.createdAt)}</td>
              <td className="py-1.5 text-slate-500">{lastUse(tok)}</td>
              <td className="py-1.5">
                <input
                  type="checkbox"
                  aria-label={`${t('tokenKeep')}: ${tok.name}`}
                  checked={tok.keep}
                  disabled={setKept.isPending}
                  onChange={(e) => setKept.mutate({ id: tok.id, keep: e.target.checked })}
                />
              </td>
              <td className="py-1.5 text-right">
                <Button variant="ghost" onClick={() => revoke.mutate(tok.id)}>
                  {t('revoke')}
                </Button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </Section>
  );
}
