'use client';

import { useTranslations } from 'next-intl';
import { type FormEvent, useState } from 'react';
import {
  useAcknowledge,
  useAlertChannels,
  useAlertRules,
  useCreateChannel,
  useCreateRule,
  useFirings,
  useRemoveChannel,
  useRemoveRule,
  useSaveAlertSettings,
  useTestChannel,
  useToggleRule,
  useUpdateChannel,
} from '@/components/alerts/queries';
import { ApiError, bodyFieldErrors } from '@/components/api/client';
import { AuthField } from '@/components/auth/Field';
import { useCan, useMe } from '@/components/auth/queries';
import { useAppSettings } from '@/components/settings/queries';
import { Button } from '@/components/ui/Button';
import { CliCommand } from '@/components/ui/CliCommand';
import { Table } from '@/components/ui/Table';
import { eventsCommand, mailCommand } from '@/lib/alerts/rules';
import {
  ALERT_CHANNEL_KINDS,
  ALERT_RULE_KINDS,
  type AlertChannelKind,
  type AlertChannelView,
  type AlertRuleKind,
  type AlertRuleParams,
  type AlertRuleView,
  ENGINE_WIDE_RULE_KINDS,
  SMTP_SECURITY,
  type SmtpSecurity,
} from '@/lib/alerts/types';

const selectClass =
  'rounded-md border border-slate-300 bg-white px-2 py-1.5 font-normal dark:border-slate-700 dark:bg-slate-950';
const panelClass =
  'flex flex-col gap-3 rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900';

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

function RuleForm({
  channels,
  isAdmin,
  onDone,
}: {
  channels: AlertChannelView[];
  isAdmin: boolean;
  onDone: () => void;
}) {
  const t = useTranslations('alerts');
  const create = useCreateRule();
  const kinds = ALERT_RULE_KINDS.filter((k) => isAdmin || !ENGINE_WIDE_RULE_KINDS.includes(k));
  const [form, setForm] = useState({
    name: '',
    kind: 'exit_nonzero' as AlertRuleKind,
    nameGlob: '',
    label: '',
    project: '',
    environments: '*',
    restartCount: '3',
    windowMinutes: '5',
    thresholdPercent: '80',
    durationSeconds: '30',
    pattern: '',
    diskGb: '50',
    cooldownSeconds: '300',
  });
  const [picked, setPicked] = useState<number[]>([]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const set = (key: keyof typeof form) => (e: { target: { value: string } }) =>
    setForm((f) => ({ ...f, [key]: e.target.value }));
  const envs =
    form.environments.trim() === '*' || !form.environments.trim()
      ? ('*' as const)
      : form.environments
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setErrors({});
    create.mutate(
      {
        name: form.name,
        kind: form.kind,
        scope: { nameGlob: form.nameGlob, label: form.label, project: form.project, environments: envs },
        params: ruleParams(form),
        cooldownSeconds: Number(form.cooldownSeconds),
        channelIds: picked,
      },
      { onSuccess: onDone, onError: (err) => err instanceof ApiError && setErrors(bodyFieldErrors(err)) },
    );
  };

  const numberField = (key: 'thresholdPercent' | 'durationSeconds' | 'diskGb', label: string) => (
    <AuthField
      label={label}
      name={key}
      type="number"
      value={form[key]}
      onChange={set(key)}
      error={errors[`params.${key === 'diskGb' ? 'diskBytes' : key}`]}
    />
  );

  return (
    <form onSubmit={submit} noValidate className={panelClass} data-testid="rule-form">
      <h3 className="font-semibold">{t('rules.addTitle')}</h3>
      <div className="grid gap-3 sm:grid-cols-2">
        <AuthField
          label={t('rules.name')}
          name="name"
          value={form.name}
          onChange={set('name')}
          error={errors.name}
        />
        <label className="flex flex-col gap-1 text-sm font-medium">
          {t('rules.kind')}
          <select name="kind" className={selectClass} value={form.kind} onChange={set('kind')}>
            {kinds.map((k) => (
              <option key={k} value={k}>
                {t(`kinds.${k}`)}
              </option>
            ))}
          </select>
        </label>
        <AuthField
          label={t('rules.nameGlob')}
          name="nameGlob"
          placeholder="web-*"
          value={form.nameGlob}
          onChange={set('nameGlob')}
          error={errors['scope.nameGlob']}
        />
        <AuthField
          label={t('rules.label')}
          name="label"
          placeholder="com.example.tier=front"
          value={form.label}
          onChange={set('label')}
          error={errors['scope.label']}
        />
        <AuthField label={t('rules.project')} name="project" value={form.project} onChange={set('project')} />
        <AuthField
          label={t('rules.environments')}
          name="environments"
          value={form.environments}
          onChange={set('environments')}
          error={errors['scope.environments']}
        />
        {form.kind === 'restarting' && (
          <>
            <AuthField
              label={t('rules.restartCount')}
              name="restartCount"
              type="number"
              value={form.restartCount}
              onChange={set('restartCount')}
            />
            <AuthField
              label={t('rules.windowMinutes')}
              name="windowMinutes"
              type="number"
              value={form.windowMinutes}
              onChange={set('windowMinutes')}
            />
          </>
        )}
        {(form.kind === 'cpu' || form.kind === 'memory') && (
          <>
            {numberField('thresholdPercent', t('rules.thresholdPercent'))}
            {numberField('durationSeconds', t('rules.durationSeconds'))}
          </>
        )}
        {form.kind === 'log_match' && (
          <AuthField
            label={t('rules.pattern')}
            name="pattern"
            placeholder="ERROR|panic:"
            value={form.pattern}
            onChange={set('pattern')}
            error={errors['params.pattern']}
          />
        )}
        {form.kind === 'disk' && numberField('diskGb', t('rules.diskGb'))}
        <AuthField
          label={t('rules.cooldown')}
          name="cooldownSeconds"
          type="number"
          value={form.cooldownSeconds}
          onChange={set('cooldownSeconds')}
          error={errors.cooldownSeconds}
        />
      </div>
      <fieldset className="flex flex-wrap gap-3 text-sm">
        <legend className="mb-1 font-medium">{t('rules.channels')}</legend>
        {channels.length === 0 && <span className="text-slate-500">{t('rules.noChannels')}</span>}
        {channels.map((c) => (
          <label key={c.id} className="flex items-center gap-1">
            <input
              type="checkbox"
              checked={picked.includes(c.id)}
              onChange={(e) =>
                setPicked((p) => (e.target.checked ? [...p, c.id] : p.filter((id) => id !== c.id)))
              }
            />
            {c.name}
          </label>
        ))}
      </fieldset>
      {errors.channelIds && <p className="text-xs text-red-600">{errors.channelIds}</p>}
      {errors.scope && <p className="text-xs text-red-600">{errors.scope}</p>}
      {errors.kind && <p className="text-xs text-red-600">{errors.kind}</p>}
      <p className="text-sm text-slate-600 dark:text-slate-300" data-testid="rule-explain">
        {t(`explain.${form.kind}`, {
          count: form.restartCount,
          minutes: form.windowMinutes,
          cooldown: form.cooldownSeconds,
          percent: form.thresholdPercent,
          seconds: form.durationSeconds,
          gb: form.diskGb,
        })}{' '}
        {t('explainCooldown', { cooldown: form.cooldownSeconds })}
      </p>
      <p className="text-xs text-slate-500">{t('noCli')}</p>
      <CliCommand
        command={eventsCommand(
          form.kind,
          { label: form.label.trim(), project: form.project.trim() },
          { pattern: form.pattern },
        )}
      />
      <div className="flex gap-2">
        <Button type="submit" variant="primary" disabled={create.isPending}>
          {t('save')}
        </Button>
        <Button onClick={onDone}>{t('cancel')}</Button>
      </div>
    </form>
  );
}

/** The parameters the kind reads, from the form's strings. */
function ruleParams(form: {
  kind: AlertRuleKind;
  restartCount: string;
  windowMinutes: string;
  thresholdPercent: string;
  durationSeconds: string;
  pattern: string;
  diskGb: string;
}): AlertRuleParams {
  switch (form.kind) {
    case 'restarting':
      return { restartCount: Number(form.restartCount), windowMinutes: Number(form.windowMinutes) };
    case 'cpu':
    case 'memory':
      return {
        thresholdPercent: Number(form.thresholdPercent),
        durationSeconds: Number(form.durationSeconds),
      };
    case 'log_match':
      return { pattern: form.pattern };
    case 'disk':
      return { diskBytes: Math.round(Number(form.diskGb) * 1e9) };
    default:
      return {};
  }
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

function smtpParts(urlOrigin: string): { host: string; port: string } {
  const m = /^smtp:\/\/(\[[^\]]+\]|[^:/]+)(?::(\d+))?/.exec(urlOrigin);
  return { host: m?.[1] ?? '', port: m?.[2] ?? '587' };
}

function ChannelForm({ onDone, editing }: { onDone: () => void; editing?: AlertChannelView }) {
  const t = useTranslations('alerts');
  const create = useCreateChannel();
  const update = useUpdateChannel();
  const smtp = editing?.kind === 'email' ? smtpParts(editing.urlOrigin) : { host: '', port: '587' };
  const [form, setForm] = useState({
    name: editing?.name ?? '',
    kind: (editing?.kind ?? 'webhook') as AlertChannelKind,
    url: '',
    secret: '',
    priority: editing?.options.priority ? String(editing.options.priority) : '',
    tags: editing?.options.tags?.join(', ') ?? '',
    host: smtp.host,
    port: smtp.port,
    security: (editing?.options.security ?? 'starttls') as SmtpSecurity,
    user: editing?.options.user ?? '',
    from: editing?.options.from ?? '',
    to: editing?.options.to?.join(', ') ?? '',
  });
  const [operatorUsable, setOperatorUsable] = useState(editing?.operatorUsable ?? false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const set = (key: keyof typeof form) => (e: { target: { value: string } }) =>
    setForm((f) => ({ ...f, [key]: e.target.value }));
  const list = (v: string) =>
    v
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  const email = form.kind === 'email';

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setErrors({});
    const tags = list(form.tags);
    const options = email
      ? {
          security: form.security,
          ...(form.user ? { user: form.user } : {}),
          from: form.from,
          to: list(form.to),
        }
      : form.kind === 'ntfy'
        ? { ...(form.priority ? { priority: Number(form.priority) } : {}), ...(tags.length ? { tags } : {}) }
        : {};
    const url = email ? (form.host ? `smtp://${form.host}:${form.port || '587'}` : '') : form.url;
    const onError = (err: Error) => {
      if (!(err instanceof ApiError)) return;
      const fields = bodyFieldErrors(err);
      // The e-mail form has host and port fields, not a URL one.
      if (email && fields.url) fields.host = fields.url;
      setErrors(fields);
    };
    if (editing) {
      update.mutate(
        {
          id: editing.id,
          json: {
            name: form.name,
            operatorUsable,
            options,
            // Left empty: the stored URL and secret are kept (e-mail: host and port are always sent).
            ...(url && (email ? url !== editing.urlOrigin : true) ? { url } : {}),
            ...(form.secret && form.kind !== 'slack' ? { secret: form.secret } : {}),
          },
        },
        { onSuccess: onDone, onError },
      );
      return;
    }
    create.mutate(
      {
        name: form.name,
        kind: form.kind,
        url,
        ...(form.secret && form.kind !== 'slack' ? { secret: form.secret } : {}),
        options,
        operatorUsable,
      },
      { onSuccess: onDone, onError },
    );
  };

  const secretLabel =
    form.kind === 'webhook'
      ? t('channels.hmacSecret')
      : email
        ? t('channels.smtpPassword')
        : t('channels.token');
  return (
    <form onSubmit={submit} noValidate className={panelClass} data-testid="channel-form">
      <h3 className="font-semibold">{editing ? t('channels.editTitle') : t('channels.addTitle')}</h3>
      <div className="grid gap-3 sm:grid-cols-2">
        <AuthField
          label={t('channels.name')}
          name="name"
          value={form.name}
          onChange={set('name')}
          error={errors.name}
        />
        <label className="flex flex-col gap-1 text-sm font-medium">
          {t('channels.kind')}
          <select
            name="kind"
            className={selectClass}
            value={form.kind}
            onChange={set('kind')}
            disabled={!!editing}
          >
            {ALERT_CHANNEL_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`channelKinds.${k}`)}
              </option>
            ))}
          </select>
        </label>
        {!email && (
          <AuthField
            label={t('channels.url')}
            name="url"
            placeholder={editing ? t('channels.keepUrl') : 'https://hooks.example.com/berth'}
            value={form.url}
            onChange={set('url')}
            error={errors.url}
          />
        )}
        {email && (
          <>
            <AuthField
              label={t('channels.smtpHost')}
              name="host"
              placeholder="smtp.example.com"
              value={form.host}
              onChange={set('host')}
              error={errors.host}
            />
            <AuthField
              label={t('channels.smtpPort')}
              name="port"
              type="number"
              value={form.port}
              onChange={set('port')}
            />
            <label className="flex flex-col gap-1 text-sm font-medium">
              {t('channels.smtpSecurity')}
              <select
                name="security"
                className={selectClass}
                value={form.security}
                onChange={set('security')}
              >
                {SMTP_SECURITY.map((k) => (
                  <option key={k} value={k}>
                    {t(`security.${k}`)}
                  </option>
                ))}
              </select>
            </label>
            <AuthField
              label={t('channels.smtpUser')}
              name="user"
              autoComplete="off"
              value={form.user}
              onChange={set('user')}
              error={errors['options.user']}
            />
            <AuthField
              label={t('channels.mailFrom')}
              name="from"
              placeholder="berth@example.com"
              value={form.from}
              onChange={set('from')}
              error={errors['options.from']}
            />
            <AuthField
              label={t('channels.mailTo')}
              name="to"
              placeholder="ops@example.com, dev@example.com"
              value={form.to}
              onChange={set('to')}
              error={errors['options.to'] ?? errors['options.to.0']}
            />
          </>
        )}
        {form.kind !== 'slack' && (
          <AuthField
            label={secretLabel}
            name="secret"
            type="password"
            autoComplete="off"
            placeholder={editing?.hasSecret ? t('channels.keepSecret') : undefined}
            value={form.secret}
            onChange={set('secret')}
            error={errors.secret}
          />
        )}
        {form.kind === 'ntfy' && (
          <>
            <AuthField
              label={t('channels.priority')}
              name="priority"
              type="number"
              min={1}
              max={5}
              value={form.priority}
              onChange={set('priority')}
            />
            <AuthField label={t('channels.tags')} name="tags" value={form.tags} onChange={set('tags')} />
          </>
        )}
      </div>
      <label className="flex items-center gap-2 text-sm">
        <input
          type="checkbox"
          name="operatorUsable"
          checked={operatorUsable}
          onChange={(e) => setOperatorUsable(e.target.checked)}
        />
        {t('channels.operatorUsable')}
      </label>
      <p className="text-sm text-slate-600 dark:text-slate-300" data-testid="channel-explain">
        {t(`channelExplain.${form.kind}`)} {t('channelSafety')}
      </p>
      {email && (
        <>
          <p className="text-xs text-slate-500">{t('channels.noMailCli')}</p>
          <CliCommand command={mailCommand(form)} />
        </>
      )}
      <div className="flex gap-2">
        <Button type="submit" variant="primary" disabled={create.isPending || update.isPending}>
          {t('save')}
        </Button>
        <Button onClick={onDone}>{t('cancel')}</Button>
      </div>
    </form>
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
      <label className="flex items-center gap-2 text-sm">
        <input
          type="checkbox"
          name="allowPrivateTargets"
          checked={allowPrivate}
          onChange={(e) => setAllowPrivate(e.target.checked)}
        />
        {t('settings.allowPrivate')}
      </label>
      <p className="text-xs text-slate-500">{t('settings.explain')}</p>
      <div>
        <Button type="submit" variant="primary" disabled={save.isPending}>
          {t('save')}
        </Button>
      </div>
    </form>
  );
}
