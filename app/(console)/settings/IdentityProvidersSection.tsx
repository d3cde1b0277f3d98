'use client';

import { useQuery } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { ApiError, apiFetch } from '@/components/api/client';
import { useInvalidatingMutation } from '@/components/api/mutations';
import { Button } from '@/components/ui/Button';
import { ConfirmDialog } from '@/components/ui/ConfirmDialog';
import { CopyButton } from '@/components/ui/CopyButton';
import { oidcApi } from '@/lib/api/oidc';
import type { GroupRule } from '@/lib/auth/external';
import {
  DEFAULT_GROUPS_CLAIM,
  DEFAULT_SCOPES,
  DEFAULT_USERNAME_CLAIM,
  type OidcDiscoveryResult,
  type OidcProviderView,
} from '@/lib/auth/oidc';
import { ROLES, type Role } from '@/lib/auth/roles';
import type { AppSettings } from '@/lib/settings/app';
import { Section } from '../account/AccountPage';
import { GroupRulesEditor } from './GroupRulesEditor';
import { SaveFooter } from './SaveFooter';

const input =
  'rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm dark:border-slate-700 dark:bg-slate-950';
const oidcKeys = { list: ['oidc', 'providers'] as const };

interface Draft {
  id: string;
  label: string;
  issuer: string;
  clientId: string;
  clientSecret: string;
  scopes: string;
  groupsClaim: string;
  usernameClaim: string;
  allowCreate: boolean;
  defaultRole: Role;
  rules: GroupRule[];
  enabled: boolean;
  allowHttp: boolean;
}

const EMPTY: Draft = {
  id: '',
  label: '',
  issuer: '',
  clientId: '',
  clientSecret: '',
  scopes: DEFAULT_SCOPES,
  groupsClaim: DEFAULT_GROUPS_CLAIM,
  usernameClaim: DEFAULT_USERNAME_CLAIM,
  allowCreate: false,
  defaultRole: 'viewer',
  rules: [],
  enabled: true,
  allowHttp: false,
};

const fromView = (p: OidcProviderView): Draft => ({
  ...p,
  clientSecret: '',
  rules: p.rules.map((r) => ({ ...r })),
});

/** Settings → "Password sign-in": everyone, or local admins only (the break-glass accounts). */
export function PasswordSignInField({
  value,
  onChange,
}: {
  value: AppSettings['signIn'];
  onChange: (next: AppSettings['signIn']) => void;
}) {
  const t = useTranslations('oidc');
  return (
    <div className="flex flex-col gap-1 text-sm">
      <label className="flex flex-col gap-1 font-medium">
        {t('passwords.label')}
        <select
          name="signIn.passwords"
          className={input}
          value={value.passwords}
          onChange={(e) => onChange({ passwords: e.target.value as AppSettings['signIn']['passwords'] })}
        >
          <option value="everyone">{t('passwords.everyone')}</option>
          <option value="localAdmins">{t('passwords.localAdmins')}</option>
        </select>
      </label>
      {value.passwords === 'localAdmins' && (
        <p className="text-amber-700 dark:text-amber-400" data-testid="passwords-warning">
          {t('passwords.warning')}
        </p>
      )}
    </div>
  );
}

function ProviderForm({
  initial,
  existing,
  onDone,
}: {
  initial: Draft;
  existing: OidcProviderView | null;
  onDone: () => void;
}) {
  const t = useTranslations('oidc');
  const [draft, setDraft] = useState<Draft>(initial);
  const [errors, setErrors] = useState<string[]>([]);
  const [discovery, setDiscovery] = useState<OidcDiscoveryResult | string | null>(null);
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((d) => ({ ...d, [key]: value }));
  const onError = (err: unknown) =>
    setErrors(
      err instanceof ApiError && err.fields.length
        ? err.fields.map((f) => `${f.path}: ${f.message}`)
        : [String((err as Error).message)],
    );
  const save = useInvalidatingMutation({
    mutationFn: async (d: Draft) => {
      const { id, clientSecret, ...rest } = d;
      const rules = rest.rules.map((r) => ({
        group: r.group,
        role: r.role,
        ...(r.team ? { team: r.team } : {}),
      }));
      if (existing)
        return apiFetch(oidcApi.update, {
          params: { id: existing.id },
          json: { ...rest, rules, ...(clientSecret ? { clientSecret } : {}) },
        });
      return apiFetch(oidcApi.create, {
        json: { id, ...rest, rules, ...(clientSecret ? { clientSecret } : {}) },
      });
    },
    invalidates: () => [oidcKeys.list],
    success: () => t('saved'),
  });
  const discover = useInvalidatingMutation({
    mutationFn: () =>
      apiFetch(oidcApi.discover, { json: { issuer: draft.issuer, allowHttp: draft.allowHttp } }),
    invalidates: () => [],
  });
  const redirectUri = existing
    ? existing.redirectUri
    : `${typeof window === 'undefined' ? '' : window.location.origin}/api/auth/oidc/${draft.id || '<id>'}/callback`;
  const text = (
    key: 'id' | 'label' | 'issuer' | 'clientId' | 'scopes' | 'groupsClaim' | 'usernameClaim',
    mono = false,
  ) => (
    <label className="flex flex-col gap-1 text-sm font-medium">
      {t(`fields.${key}`)}
      <input
        name={`oidc.${key}`}
        className={`${input} ${mono ? 'font-mono' : ''}`}
        value={draft[key]}
        disabled={key === 'id' && !!existing}
        onChange={(e) => set(key, e.target.value)}
      />
    </label>
  );
  return (
    <div
      className="flex flex-col gap-3 rounded-md border border-slate-200 p-3 dark:border-slate-800"
      data-testid="oidc-form"
    >
      <div className="grid gap-3 sm:grid-cols-2">
        {text('id', true)}
        {text('label')}
        {text('issuer', true)}
        {text('clientId', true)}
        <label className="flex flex-col gap-1 text-sm font-medium">
          {t('fields.clientSecret')}
          <input
            name="oidc.clientSecret"
            type="password"
            autoComplete="new-password"
            className={input}
            placeholder={existing?.secretSet ? t('secretKept') : ''}
            value={draft.clientSecret}
            onChange={(e) => set('clientSecret', e.target.value)}
          />
        </label>
        {text('scopes', true)}
        {text('groupsClaim', true)}
        {text('usernameClaim', true)}
        <label className="flex flex-col gap-1 text-sm font-medium">
          {t('fields.defaultRole')}
          <select
            name="oidc.defaultRole"
            className={input}
            value={draft.defaultRole}
            onChange={(e) => set('defaultRole', e.target.value as Role)}
          >
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </label>
      </div>
      {(['allowCreate', 'enabled', 'allowHttp'] as const).map((key) => (
        <label key={key} className="flex items-center gap-2 text-sm">
          <input
            type="checkbox"
            name={`oidc.${key}`}
            checked={draft[key]}
            onChange={(e) => set(key, e.target.checked)}
          />
          {t(`fields.${key}`)}
        </label>
      ))}
      <div className="flex flex-col gap-1 text-sm">
        <span className="font-medium">{t('redirectUri')}</span>
        <div className="flex items-center gap-2">
          <code
            className="break-all rounded bg-slate-100 px-2 py-1 text-xs dark:bg-slate-900"
            data-testid="oidc-redirect-uri"
          >
            {redirectUri}
          </code>
          <CopyButton text={redirectUri} label={t('copy')} />
        </div>
        <p className="text-xs text-slate-500">{t('redirectUriHelp')}</p>
      </div>
      <GroupRulesEditor
        rules={draft.rules}
        onChange={(rules) => set('rules', rules)}
        testId="oidc"
        labels={{
          title: t('rules.title'),
          help: t('rules.help'),
          group: t('rules.group'),
          team: t('rules.team'),
          teamPlaceholder: t('rules.teamPlaceholder'),
          role: t('rules.role'),
          add: t('rules.add'),
          remove: t('rules.remove'),
        }}
      />
      <div className="flex flex-wrap items-center gap-2">
        <Button
          disabled={discover.isPending || !draft.issuer}
          onClick={() =>
            discover.mutate(undefined, {
              onSuccess: (r) => setDiscovery(r),
              onError: (err) => setDiscovery(String((err as Error).message)),
            })
          }
          data-testid="oidc-discover"
        >
          {t('testDiscovery')}
        </Button>
        {discovery &&
          (typeof discovery === 'string' ? (
            <span role="alert" className="text-sm text-red-600">
              {discovery}
            </span>
          ) : (
            <span className="text-sm text-green-700 dark:text-green-400" data-testid="oidc-discovery-ok">
              {t('discovered', { issuer: discovery.issuer })}
              {discovery.pkceS256 === false ? ` ${t('noPkce')}` : ''}
            </span>
          ))}
      </div>
      <SaveFooter
        errors={errors}
        pending={save.isPending}
        label={t('save')}
        testId="oidc-save"
        onSave={() => {
          setErrors([]);
          save.mutate(draft, { onSuccess: onDone, onError });
        }}
      >
        <Button onClick={onDone}>{t('cancel')}</Button>
      </SaveFooter>
    </div>
  );
}

/** Settings → Identity providers (OIDC single sign-on): list, add, edit, remove; the env one is read-only. */
export function IdentityProvidersSection() {
  const t = useTranslations('oidc');
  const list = useQuery({ queryKey: oidcKeys.list, queryFn: () => apiFetch(oidcApi.list) });
  const [editing, setEditing] = useState<OidcProviderView | 'new' | null>(null);
  const [removing, setRemoving] = useState<OidcProviderView | null>(null);
  const remove = useInvalidatingMutation({
    mutationFn: (id: string) => apiFetch(oidcApi.remove, { params: { id } }),
    invalidates: () => [oidcKeys.list],
    success: () => t('removed'),
  });
  return (
    <Section title={t('title')}>
      <p className="text-sm text-slate-600 dark:text-slate-300">{t('help')}</p>
      <ul className="flex flex-col gap-2" data-testid="oidc-providers">
        {(list.data ?? []).map((p) => (
          <li
            key={p.id}
            className="flex flex-wrap items-center justify-between gap-2 rounded-md border border-slate-200 p-2 text-sm dark:border-slate-800"
            data-testid={`oidc-provider-${p.id}`}
          >
            <div className="flex flex-col">
              <span className="font-medium">
                {p.label} <span className="font-mono text-xs text-slate-500">({p.id})</span>
                {!p.enabled && <span className="ml-2 text-xs text-slate-500">{t('disabled')}</span>}
              </span>
              <span className="font-mono text-xs text-slate-500">{p.issuer}</span>
              <span className="text-xs text-slate-500">
                {t('redirectUri')}: <code>{p.redirectUri}</code>
              </span>
              {p.readOnly && (
                <span className="text-xs text-amber-700 dark:text-amber-400">{t('readOnly')}</span>
              )}
            </div>
            {!p.readOnly && (
              <div className="flex gap-2">
                <Button onClick={() => setEditing(p)}>{t('edit')}</Button>
                <Button variant="danger" onClick={() => setRemoving(p)}>
                  {t('remove')}
                </Button>
              </div>
            )}
          </li>
        ))}
      </ul>
      {editing ? (
        <ProviderForm
          key={editing === 'new' ? 'new' : editing.id}
          initial={editing === 'new' ? EMPTY : fromView(editing)}
          existing={editing === 'new' ? null : editing}
          onDone={() => setEditing(null)}
        />
      ) : (
        <div>
          <Button onClick={() => setEditing('new')} data-testid="oidc-add">
            {t('add')}
          </Button>
        </div>
      )}
      <ConfirmDialog
        open={removing !== null}
        title={t('removeTitle', { provider: removing?.label ?? '' })}
        confirmLabel={t('remove')}
        danger
        pending={remove.isPending}
        onConfirm={() => removing && remove.mutate(removing.id, { onSettled: () => setRemoving(null) })}
        onCancel={() => setRemoving(null)}
      >
        <p className="text-sm">{t('removeHelp')}</p>
      </ConfirmDialog>
    </Section>
  );
}
