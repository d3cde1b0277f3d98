'use client';

import { useTranslations } from 'next-intl';
import { useEffect, useState } from 'react';
import { ApiError, apiFetch } from '@/components/api/client';
import { useInvalidatingMutation } from '@/components/api/mutations';
import { authKeys } from '@/components/auth/queries';
import { settingsKeys, useAppSettings } from '@/components/settings/queries';
import { settingsApi } from '@/lib/api/settings';
import type { AppSettings } from '@/lib/settings/app';
import { SECURITY_SETTING_KEYS } from '@/lib/settings/security';
import { Section } from '../account/AccountPage';
import { BackupSection } from './BackupSection';
import { PasswordSignInField } from './IdentityProvidersSection';
import { LimitsSection } from './LimitsSection';
import { SaveFooter } from './SaveFooter';
import { ViewerAccessSection } from './ViewerAccessSection';

const input =
  'rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm dark:border-slate-700 dark:bg-slate-950';
const lines = (s: string) =>
  s
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);

export function SettingsPage() {
  const t = useTranslations('settings');
  const settings = useAppSettings();
  const [draft, setDraft] = useState<AppSettings | null>(null);
  const [allowList, setAllowList] = useState('');
  const [origins, setOrigins] = useState('');
  const [errors, setErrors] = useState<string[]>([]);
  useEffect(() => {
    if (settings.data && !draft) {
      setDraft(settings.data);
      setAllowList(settings.data.security.bindMountAllowList.join('\n'));
      setOrigins(settings.data.trustedOrigins.join('\n'));
    }
  }, [settings.data, draft]);
  const save = useInvalidatingMutation({
    mutationFn: (body: AppSettings) => apiFetch(settingsApi.update, { json: body }),
    // require2fa is part of what /api/auth/me answers.
    invalidates: () => [settingsKeys.all, authKeys.all],
    success: () => t('saved'),
  });
  if (!draft) return <p className="text-sm text-slate-500">{t('loading')}</p>;

  const toggles = SECURITY_SETTING_KEYS.filter((k) => k !== 'bindMountAllowList');
  return (
    <form
      className="flex max-w-3xl flex-col gap-6"
      onSubmit={(e) => {
        e.preventDefault();
        setErrors([]);
        save.mutate(
          {
            ...draft,
            security: { ...draft.security, bindMountAllowList: lines(allowList) },
            trustedOrigins: lines(origins),
          },
          {
            onError: (err) =>
              err instanceof ApiError && setErrors(err.fields.map((f) => `${f.path}: ${f.message}`)),
          },
        );
      }}
    >
      <h1 className="text-2xl font-semibold">{t('title')}</h1>
      <Section title={t('security')}>
        <p className="text-sm text-slate-600 dark:text-slate-300">{t('securityHelp')}</p>
        {toggles.map((k) => (
          <label key={k} className="flex items-center gap-2 text-sm">
            <input
              type="checkbox"
              name={k}
              checked={Boolean(draft.security[k])}
              onChange={(e) => setDraft({ ...draft, security: { ...draft.security, [k]: e.target.checked } })}
            />
            {t(`policy.${k}`)}
          </label>
        ))}
        <label className="flex flex-col gap-1 text-sm font-medium">
          {t('policy.bindMountAllowList')}
          <textarea
            rows={3}
            value={allowList}
            onChange={(e) => setAllowList(e.target.value)}
            placeholder="/srv/data"
            className={`${input} font-mono`}
          />
        </label>
      </Section>
      <ViewerAccessSection
        value={draft.viewerAccess}
        onChange={(viewerAccess) => setDraft({ ...draft, viewerAccess })}
      />
      <Section title={t('accounts')}>
        <label className="flex items-center gap-2 text-sm">
          <input
            type="checkbox"
            name="require2fa"
            checked={draft.require2fa}
            onChange={(e) => setDraft({ ...draft, require2fa: e.target.checked })}
          />
          {t('require2fa')}
        </label>
        <PasswordSignInField value={draft.signIn} onChange={(signIn) => setDraft({ ...draft, signIn })} />
        <div className="grid gap-3 sm:grid-cols-3">
          <label className="flex flex-col gap-1 text-sm font-medium">
            {t('idleMinutes')}
            <input
              type="number"
              min={5}
              className={input}
              value={draft.sessions.idleMinutes}
              onChange={(e) =>
                setDraft({ ...draft, sessions: { ...draft.sessions, idleMinutes: Number(e.target.value) } })
              }
            />
          </label>
          <label className="flex flex-col gap-1 text-sm font-medium">
            {t('absoluteHours')}
            <input
              type="number"
              min={1}
              className={input}
              value={draft.sessions.absoluteHours}
              onChange={(e) =>
                setDraft({ ...draft, sessions: { ...draft.sessions, absoluteHours: Number(e.target.value) } })
              }
            />
          </label>
          <label className="flex flex-col gap-1 text-sm font-medium">
            {t('auditRetentionDays')}
            <input
              type="number"
              min={1}
              className={input}
              value={draft.auditRetentionDays}
              onChange={(e) => setDraft({ ...draft, auditRetentionDays: Number(e.target.value) })}
            />
          </label>
        </div>
        <label className="flex flex-col gap-1 text-sm font-medium">
          {t('trustedOrigins')}
          <textarea
            rows={2}
            value={origins}
            onChange={(e) => setOrigins(e.target.value)}
            placeholder="https://berth.example.com"
            className={`${input} font-mono`}
          />
        </label>
      </Section>
      <LimitsSection value={draft.limits} onChange={(limits) => setDraft({ ...draft, limits })} />
      <SaveFooter errors={errors} pending={save.isPending} label={t('save')} testId="settings-save" />
      <BackupSection />
    </form>
  );
}
