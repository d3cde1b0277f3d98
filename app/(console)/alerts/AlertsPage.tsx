'use client';

import { useTranslations } from 'next-intl';
import { type FormEvent, useState } from 'react';
import {
  useAcknowledge,
  useAlertChannels,
  useAlertRules,
  useFirings,
  useRemoveChannel,
  useRemoveRule,
  useSaveAlertSettings,
  useTestChannel,
  useToggleRule,
} from '@/components/alerts/queries';
import { AuthField } from '@/components/auth/Field';
import { useCan, useMe } from '@/components/auth/queries';
import { useAppSettings } from '@/components/settings/queries';
import { Button } from '@/components/ui/Button';
import { Table } from '@/components/ui/Table';
import type { AlertChannelView, AlertRuleKind, AlertRuleParams, AlertRuleView } from '@/lib/alerts/types';
import { ChannelForm } from './ChannelForm';
import { CheckboxField, panelClass } from './fields';
import { RuleForm } from './RuleForm';

export function AlertsPage() {
  const t = useTranslations('alerts');
  const isAdmin = useCan('alerts:admin');
  const canWrite = useCan('alerts:write');
  return (
    <div className="flex flex-col gap-6">
      <div>
        <h1 className="text-2xl font-semibold">{t('title')}</h1>
        <p className="text-sm text-slate-600 dark:text-slate-300">{t('intro')}</p>
      </div>
      <Firings />
      <Rules isAdmin={isAdmin} canWrite={canWrite} />
      <Channels isAdmin={isAdmin} />
      {isAdmin && <AlertSettings />}
    </div>
  );
}

function Firings() {
  const t = useTranslations('alerts');
  const canAck = useCan('alerts:ack');
  const firings = useFirings();
  const ack = useAcknowledge();
  return (
    <section className="flex flex-col gap-2">
      <h2 className="text-lg font-semibold">{t('firings.title')}</h2>
      {firings.isError && (
        <p role="alert" className="text-sm text-red-700">
          {firings.error.message}
        </p>
      )}
      <Table
        columns={[
          t('firings.when'),
          t('firings.rule'),
          t('firings.target'),
          t('firings.what'),
          t('firings.deliveries'),
          '',
        ]}
      >
        {firings.data?.length === 0 && (
          <tr>
            <td colSpan={6} className="p-6 text-center text-slate-500">
              {t('firings.empty')}
            </td>
          </tr>
        )}
        {firings.data?.map((f) => (
          <tr
            key={f.id}
            className="border-b border-slate-100 dark:border-slate-800"
            data-testid="firing-row"
            data-target={f.target}
          >
            <td className="px-3 py-2 text-xs whitespace-nowrap">{new Date(f.firedAt).toLocaleString()}</td>
            <td className="px-3 py-2">{f.ruleName}</td>
            <td className="px-3 py-2 font-mono text-xs">
              {f.target} <span className="text-slate-500">({f.env})</span>
            </td>
            <td className="px-3 py-2">{f.message}</td>
            <td className="px-3 py-2 text-xs">
              {f.deliveries.length === 0 && '—'}
              {f.deliveries.map((d) => (
                <div key={`${d.channelName}-${d.channelId}`} title={d.lastError ?? undefined}>
                  {d.channelName}: {t(`delivery.${d.status}`)} ({t('delivery.attempts', { n: d.attempts })})
                  {d.lastError && <span className="text-red-600"> — {d.lastError}</span>}
                </div>
              ))}
            </td>
            <td className="px-3 py-2 text-right">
              {f.acknowledgedAt ? (
                <span className="text-xs text-slate-500" data-testid="acknowledged">
                  {t('firings.acknowledgedBy', { user: f.acknowledgedBy ?? '' })}
                </span>
              ) : (
                canAck && (
                  <Button
                    className="px-2 py-1 text-xs"
                    disabled={ack.isPending}
                    onClick={() => ack.mutate(f.id)}
                  >
                    {t('firings.acknowledge')}
                  </Button>
                )
              )}
            </td>
          </tr>
        ))}
      </Table>
    </section>
  );
}

function Rules({ isAdmin, canWrite }: { isAdmin: boolean; canWrite: boolean }) {
  const t = useTranslations('alerts');
  const me = useMe();
  const mayEdit = (r: AlertRuleView) => isAdmin || (canWrite && r.ownerId === me.data?.user.id);
  const rules = useAlertRules();
  const channels = useAlertChannels();
  const toggle = useToggleRule();
  const remove = useRemoveRule();
  const [adding, setAdding] = useState(false);
  const channelName = (id: number) => channels.data?.find((c) => c.id === id)?.name ?? `#${id}`;
  return (
    <section className="flex flex-col gap-2">
      <div className="flex items-center gap-3">
        <h2 className="text-lg font-semibold">{t('rules.title')}</h2>
        {canWrite && !adding && (
          <Button variant="primary" className="ml-auto" onClick={() => setAdding(true)}>
            {t('rules.add')}
          </Button>
        )}
      </div>
      {canWrite && !isAdmin && (
        <p className="text-sm text-slate-600 dark:text-slate-300" data-testid="operator-rules">
          {t('rules.operatorNote')}
        </p>
      )}
      {canWrite && adding && (
        <RuleForm
          isAdmin={isAdmin}
          channels={(channels.data ?? []).filter((c) => isAdmin || c.operatorUsable)}
          onDone={() => setAdding(false)}
        />
      )}
      <Table
        columns={[
          t('rules.name'),
          t('rules.kind'),
          t('rules.scope'),
          t('rules.channels'),
          t('rules.owner'),
          '',
        ]}
      >
        {rules.data?.length === 0 && (
          <tr>
            <td colSpan={6} className="p-6 text-center text-slate-500">
              {t('rules.empty')}
            </td>
          </tr>
        )}
        {rules.data?.map((r) => (
          <tr key={r.id} className="border-b border-slate-100 dark:border-slate-800" data-testid="rule-row">
            <td className="px-3 py-2 font-medium">
              {r.name} {!r.enabled && <span className="text-xs text-slate-500">({t('rules.disabled')})</span>}
            </td>
            <td className="px-3 py-2">
              {t(`kinds.${r.kind}`)}
              <span className="block text-xs text-slate-500">{paramsText(t, r.kind, r.params)}</span>
            </td>
            <td className="px-3 py-2 font-mono text-xs">
              {[
                r.scope.nameGlob && `name=${r.scope.nameGlob}`,
                r.scope.label && `label=${r.scope.label}`,
                r.scope.project && `project=${r.scope.project}`,
                `env=${r.scope.environments === '*' ? '*' : r.scope.environments.join(',')}`,
              ]
                .filter(Boolean)
                .join(' ')}
            </td>
            <td className="px-3 py-2 text-xs">{r.channelIds.map(channelName).join(', ') || '—'}</td>
            <td className="px-3 py-2 text-xs">
              {r.ownerName ?? '—'} {r.teamIds.length === 0 && `(${t('rules.adminRule')})`}
            </td>
            <td className="px-3 py-2">
              {mayEdit(r) && (
                <div className="flex justify-end gap-1">
                  <Button
                    className="px-2 py-1 text-xs"
                    onClick={() => toggle.mutate({ id: r.id, enabled: !r.enabled })}
                  >
                    {r.enabled ? t('rules.disable') : t('rules.enable')}
                  </Button>
                  <Button variant="danger" className="px-2 py-1 text-xs" onClick={() => remove.mutate(r.id)}>
                    {t('remove')}
                  </Button>
                </div>
              )}
            </td>
          </tr>
        ))}
      </Table>
    </section>
  );
}

type T = ReturnType<typeof useTranslations<'alerts'>>;

/** A rule's parameters in words, under its kind. */
function paramsText(t: T, kind: AlertRuleKind, p: AlertRuleParams): string {
  if (kind === 'cpu' || kind === 'memory')
    return t('rules.paramsThreshold', { percent: p.thresholdPercent ?? 0, seconds: p.durationSeconds ?? 30 });
  if (kind === 'log_match') return `/${p.pattern ?? ''}/`;
  if (kind === 'disk') return t('rules.paramsDisk', { gb: (p.diskBytes ?? 0) / 1e9 });
  if (kind === 'restarting')
    return t('rules.paramsRestart', { count: p.restartCount ?? 3, minutes: p.windowMinutes ?? 5 });
  return '';
}

function Channels({ isAdmin }: { isAdmin: boolean }) {
  const t = useTranslations('alerts');
  const channels = useAlertChannels();
  const remove = useRemoveChannel();
  const test = useTestChannel();
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState<AlertChannelView | null>(null);
  return (
    <section className="flex flex-col gap-2">
      <div className="flex items-center gap-3">
        <h2 className="text-lg font-semibold">{t('channels.title')}</h2>
        {isAdmin && !adding && (
          <Button variant="primary" className="ml-auto" onClick={() => setAdding(true)}>
            {t('channels.add')}
          </Button>
        )}
      </div>
      {isAdmin && adding && <ChannelForm onDone={() => setAdding(false)} />}
      {isAdmin && editing && (
        <ChannelForm key={editing.id} editing={editing} onDone={() => setEditing(null)} />
      )}
      <Table
        columns={[
          t('channels.name'),
          t('channels.kind'),
          t('channels.url'),
          t('channels.secret'),
          t('channels.operators'),
          '',
        ]}
      >
        {channels.data?.length === 0 && (
          <tr>
            <td colSpan={6} className="p-6 text-center text-slate-500">
              {t('channels.empty')}
            </td>
          </tr>
        )}
        {channels.data?.map((c) => (
          <tr
            key={c.id}
            className="border-b border-slate-100 dark:border-slate-800"
            data-testid="channel-row"
          >
            <td className="px-3 py-2 font-medium">{c.name}</td>
            <td className="px-3 py-2">{t(`channelKinds.${c.kind}`)}</td>
            <td className="px-3 py-2 font-mono text-xs">
              {c.kind === 'email'
                ? `${c.urlOrigin} → ${(c.options.to ?? []).join(', ')}`
                : `${c.urlOrigin}/…`}
            </td>
            <td className="px-3 py-2 text-xs">{c.hasSecret ? t('channels.stored') : '—'}</td>
            <td className="px-3 py-2 text-xs">
              {c.operatorUsable ? t('channels.yes') : t('channels.adminsOnly')}
            </td>
            <td className="px-3 py-2">
              {isAdmin && (
                <div className="flex justify-end gap-1">
                  <Button className="px-2 py-1 text-xs" onClick={() => setEditing(c)}>
                    {t('channels.edit')}
                  </Button>
                  <Button
                    className="px-2 py-1 text-xs"
                    disabled={test.isPending}
                    onClick={() => test.mutate(c.id)}
                  >
                    {t('channels.test')}
                  </Button>
                  <Button variant="danger" className="px-2 py-1 text-xs" onClick={() => remove.mutate(c.id)}>
                    {t('remove')}
                  </Button>
                </div>
              )}
            </td>
          </tr>
        ))}
      </Table>
    </section>
  );
}

/** Retention of firings and whether channels may target private addresses (admins). */
function AlertSettings() {
  const settings = useAppSettings();
  const current = settings.data?.alerts;
  if (!current) return null;
  return <AlertSettingsForm key={JSON.stringify(current)} current={current} />;
}

function AlertSettingsForm({
  current,
}: {
  current: { retentionDays: number; retentionRows: number; allowPrivateTargets: boolean };
}) {
  const t = useTranslations('alerts');
  const save = useSaveAlertSettings();
  const [days, setDays] = useState(String(current.retentionDays));
  const [rows, setRows] = useState(String(current.retentionRows));
  const [allowPrivate, setAllowPrivate] = useState(current.allowPrivateTargets);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate({
      retentionDays: Number(days),
      retentionRows: Number(rows),
      allowPrivateTargets: allowPrivate,
    });
  };
  return (
    <form onSubmit={submit} noValidate className={panelClass} data-testid="alert-settings">
      <h2 className="text-lg font-semibold">{t('settings.title')}</h2>
      <div className="grid gap-3 sm:grid-cols-2">
        <AuthField
          label={t('settings.retentionDays')}
          name="retentionDays"
          type="number"
          value={days}
          onChange={(e) => setDays(e.target.value)}
        />
        <AuthField
          label={t('settings.retentionRows')}
          name="retentionRows"
          type="number"
          value={rows}
          onChange={(e) => setRows(e.target.value)}
        />
      </div>
      <CheckboxField
        label={t('settings.allowPrivate')}
        name="allowPrivateTargets"
        checked={allowPrivate}
        onChange={setAllowPrivate}
      />
      <p className="text-xs text-slate-500">{t('settings.explain')}</p>
      <div>
        <Button type="submit" variant="primary" disabled={save.isPending}>
          {t('save')}
        </Button>
      </div>
    </form>
  );
}
