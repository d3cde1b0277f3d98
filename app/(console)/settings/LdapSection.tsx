'use client';

import { useQuery } from '@tanstack/react-query';
import { CheckCircle2, XCircle } from 'lucide-react';
import { useTranslations } from 'next-intl';
import { useEffect, useState } from 'react';
import { ApiError, apiFetch } from '@/components/api/client';
import { useInvalidatingMutation } from '@/components/api/mutations';
import { Button } from '@/components/ui/Button';
import { CliCommand } from '@/components/ui/CliCommand';
import { ldapApi } from '@/lib/api/ldap';
import {
  LDAP_GROUP_MODES,
  type LdapConfig,
  type LdapGroupMode,
  type LdapTestResult,
  renderLdapsearchCommand,
} from '@/lib/auth/ldap';
import { ROLES, type Role } from '@/lib/auth/roles';
import { Section } from '../account/AccountPage';
import { GroupRulesEditor } from './GroupRulesEditor';
import { SaveFooter } from './SaveFooter';

const input =
  'rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm dark:border-slate-700 dark:bg-slate-950';
const ldapKey = ['auth', 'ldap'] as const;

type Draft = LdapConfig & { bindPassword: string };

/**
 * Settings → LDAP (admins): the directory the login form checks passwords with, its CA, the service account,
 * how people and their groups are found, and the rules from groups to teams and roles. A form of its own (the
 * service password is write-only: empty keeps the stored one).
 */
export function LdapSection() {
  const t = useTranslations('ldap');
  const tr = useTranslations('auth.roles');
  const stored = useQuery({ queryKey: ldapKey, queryFn: () => apiFetch(ldapApi.get) });
  const [draft, setDraft] = useState<Draft | null>(null);
  const [errors, setErrors] = useState<string[]>([]);
  const [testUser, setTestUser] = useState('');
  const [result, setResult] = useState<LdapTestResult | null>(null);
  useEffect(() => {
    if (stored.data && !draft) {
      const { hasBindPassword: _, updatedAt: __, ...config } = stored.data;
      setDraft({ ...config, bindPassword: '' });
    }
  }, [stored.data, draft]);
  const save = useInvalidatingMutation({
    mutationFn: (body: Draft) =>
      apiFetch(ldapApi.update, {
        json: { ...body, bindPassword: body.bindPassword ? body.bindPassword : undefined },
      }),
    invalidates: () => [ldapKey],
    success: () => t('saved'),
  });
  const test = useInvalidatingMutation({
    mutationFn: (username: string) => apiFetch(ldapApi.test, { json: { username: username || undefined } }),
    invalidates: () => [],
  });
  if (!draft || !stored.data) return null;
  const set = (patch: Partial<Draft>) => setDraft({ ...draft, ...patch });

  const text = (name: keyof Draft, label: string, placeholder = '', mono = true) => (
    <label className="flex flex-col gap-1 text-sm font-medium">
      {label}
      <input
        name={`ldap.${name}`}
        className={`${input} ${mono ? 'font-mono' : ''}`}
        value={String(draft[name] ?? '')}
        placeholder={placeholder}
        onChange={(e) => set({ [name]: e.target.value } as Partial<Draft>)}
      />
    </label>
  );
  const check = (name: 'enabled' | 'startTls' | 'allowCreate', label: string) => (
    <label className="flex items-center gap-2 text-sm">
      <input
        type="checkbox"
        name={`ldap.${name}`}
        checked={draft[name]}
        onChange={(e) => set({ [name]: e.target.checked })}
      />
      {label}
    </label>
  );

  return (
    <form
      className="flex max-w-3xl flex-col gap-6"
      data-testid="ldap-settings"
      onSubmit={(e) => {
        e.preventDefault();
        setErrors([]);
        save.mutate(draft, {
          onSuccess: () => set({ bindPassword: '' }),
          onError: (err) =>
            err instanceof ApiError && setErrors(err.fields.map((f) => `${f.path}: ${f.message}`)),
        });
      }}
    >
      <Section title={t('title')}>
        <p className="text-sm text-slate-600 dark:text-slate-300">{t('help')}</p>
        {check('enabled', t('enabled'))}
        <div className="grid gap-3 sm:grid-cols-2">
          {text('url', t('url'), 'ldaps://ldap.example.com:636')}
          <div className="flex items-end pb-2">{check('startTls', t('startTls'))}</div>
        </div>
        <label className="flex flex-col gap-1 text-sm font-medium">
          {t('ca')}
          <textarea
            name="ldap.caPem"
            rows={3}
            className={`${input} font-mono text-xs`}
            value={draft.caPem}
            placeholder="-----BEGIN CERTIFICATE-----"
            onChange={(e) => set({ caPem: e.target.value })}
          />
          <input
            type="file"
            accept=".pem,.crt,.cer"
            aria-label={t('caUpload')}
            data-testid="ldap-ca-file"
            className="text-xs font-normal"
            onChange={async (e) => {
              const file = e.target.files?.[0];
              if (file) set({ caPem: await file.text() });
            }}
          />
          <span className="text-xs font-normal text-slate-500">{t('caHelp')}</span>
        </label>
        <div className="grid gap-3 sm:grid-cols-2">
          {text('bindDn', t('bindDn'), 'cn=berth,ou=services,dc=example,dc=com')}
          <label className="flex flex-col gap-1 text-sm font-medium">
            {t('bindPassword')}
            <input
              type="password"
              name="ldap.bindPassword"
              autoComplete="new-password"
              className={input}
              value={draft.bindPassword}
              placeholder={stored.data.hasBindPassword ? t('bindPasswordKept') : ''}
              onChange={(e) => set({ bindPassword: e.target.value })}
            />
          </label>
          {text('userBase', t('userBase'), 'ou=people,dc=example,dc=com')}
          {text('userFilter', t('userFilter'), '(uid={username})')}
          {text('usernameAttribute', t('usernameAttribute'), 'uid')}
          <label className="flex flex-col gap-1 text-sm font-medium">
            {t('groupMode')}
            <select
              name="ldap.groupMode"
              className={input}
              value={draft.groupMode}
              onChange={(e) => set({ groupMode: e.target.value as LdapGroupMode })}
            >
              {LDAP_GROUP_MODES.map((m) => (
                <option key={m} value={m}>
                  {t(`groupModes.${m}`)}
                </option>
              ))}
            </select>
          </label>
          {draft.groupMode === 'search' && (
            <>
              {text('groupBase', t('groupBase'), 'ou=groups,dc=example,dc=com')}
              {text('groupFilter', t('groupFilter'), '(member={dn})')}
            </>
          )}
        </div>
        <div className="grid gap-3 sm:grid-cols-2">
          {check('allowCreate', t('allowCreate'))}
          <label className="flex items-center gap-2 text-sm font-medium">
            {t('defaultRole')}
            <select
              name="ldap.defaultRole"
              className={input}
              value={draft.defaultRole}
              onChange={(e) => set({ defaultRole: e.target.value as Role })}
            >
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {tr(r)}
                </option>
              ))}
            </select>
          </label>
        </div>
        <GroupRulesEditor
          rules={draft.rules}
          onChange={(rules) => set({ rules })}
          testId="ldap"
          labels={{
            title: t('rules'),
            help: t('rulesHelp'),
            group: t('ruleGroup'),
            team: t('ruleTeam'),
            teamPlaceholder: t('ruleTeamNone'),
            role: t('ruleRole'),
            add: t('addRule'),
            remove: t('removeRule'),
          }}
        />
        <SaveFooter errors={errors} pending={save.isPending} label={t('save')} testId="ldap-save" />
        <div className="flex flex-col gap-2 border-t border-slate-200 pt-3 dark:border-slate-800">
          <h3 className="text-sm font-semibold">{t('test')}</h3>
          <p className="text-xs text-slate-500">{t('testHelp')}</p>
          <div className="flex flex-wrap items-end gap-2">
            <label className="flex flex-col gap-1 text-sm font-medium">
              {t('testUser')}
              <input
                name="ldap.testUser"
                className={input}
                value={testUser}
                onChange={(e) => setTestUser(e.target.value)}
              />
            </label>
            <Button
              type="button"
              data-testid="ldap-test"
              disabled={test.isPending}
              onClick={() => {
                setResult(null);
                test.mutate(testUser, { onSuccess: setResult });
              }}
            >
              {t('testButton')}
            </Button>
          </div>
          <CliCommand command={renderLdapsearchCommand(draft, testUser || undefined)} />
          {result && (
            <ul
              className="flex flex-col gap-1 text-sm"
              data-testid="ldap-test-result"
              data-ok={result.ok ? 'true' : 'false'}
            >
              {result.steps.map((s) => (
                <li key={s.step} className="flex items-start gap-2">
                  {s.ok ? (
                    <CheckCircle2 className="mt-0.5 h-4 w-4 shrink-0 text-green-600" aria-label={t('ok')} />
                  ) : (
                    <XCircle className="mt-0.5 h-4 w-4 shrink-0 text-red-600" aria-label={t('failed')} />
                  )}
                  <span>
                    <span className="font-medium">{t(`steps.${s.step}`)}</span>:{' '}
                    <span className="break-all">{s.message}</span>
                  </span>
                </li>
              ))}
            </ul>
          )}
        </div>
      </Section>
    </form>
  );
}
