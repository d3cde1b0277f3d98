'use client';

import { useTranslations } from 'next-intl';
import { type FormEvent, useState } from 'react';
import { useCreateChannel, useUpdateChannel } from '@/components/alerts/queries';
import { ApiError, bodyFieldErrors } from '@/components/api/client';
import { Button } from '@/components/ui/Button';
import { CliCommand } from '@/components/ui/CliCommand';
import { mailCommand } from '@/lib/alerts/rules';
import {
  ALERT_CHANNEL_KINDS,
  type AlertChannelKind,
  type AlertChannelView,
  SMTP_SECURITY,
  type SmtpSecurity,
} from '@/lib/alerts/types';
import { CheckboxField, panelClass, SelectField, useFieldForm } from './fields';

function smtpParts(urlOrigin: string): { host: string; port: string } {
  const m = /^smtp:\/\/(\[[^\]]+\]|[^:/]+)(?::(\d+))?/.exec(urlOrigin);
  return { host: m?.[1] ?? '', port: m?.[2] ?? '587' };
}

/** Alerts → Add / Edit a channel (admins): where firings are delivered; stored URL and secret stay unless given. */
export function ChannelForm({ onDone, editing }: { onDone: () => void; editing?: AlertChannelView }) {
  const t = useTranslations('alerts');
  const create = useCreateChannel();
  const update = useUpdateChannel();
  const smtp = editing?.kind === 'email' ? smtpParts(editing.urlOrigin) : { host: '', port: '587' };
  const { form, set, setErrors, field } = useFieldForm({
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
        {field('name', t('channels.name'))}
        <SelectField
          label={t('channels.kind')}
          name="kind"
          value={form.kind}
          choices={ALERT_CHANNEL_KINDS}
          text={(k) => t(`channelKinds.${k}`)}
          onChange={set('kind')}
          disabled={!!editing}
        />
        {!email &&
          field('url', t('channels.url'), {
            placeholder: editing ? t('channels.keepUrl') : 'https://hooks.example.com/berth',
          })}
        {email && (
          <>
            {field('host', t('channels.smtpHost'), { placeholder: 'smtp.example.com' })}
            {field('port', t('channels.smtpPort'), { type: 'number' })}
            <SelectField
              label={t('channels.smtpSecurity')}
              name="security"
              value={form.security}
              choices={SMTP_SECURITY}
              text={(k) => t(`security.${k}`)}
              onChange={set('security')}
            />
            {field('user', t('channels.smtpUser'), { autoComplete: 'off', errorKey: 'options.user' })}
            {field('from', t('channels.mailFrom'), {
              placeholder: 'berth@example.com',
              errorKey: 'options.from',
            })}
            {field('to', t('channels.mailTo'), {
              placeholder: 'ops@example.com, dev@example.com',
              errorKey: ['options.to', 'options.to.0'],
            })}
          </>
        )}
        {form.kind !== 'slack' &&
          field('secret', secretLabel, {
            type: 'password',
            autoComplete: 'off',
            placeholder: editing?.hasSecret ? t('channels.keepSecret') : undefined,
          })}
        {form.kind === 'ntfy' && (
          <>
            {field('priority', t('channels.priority'), { type: 'number', min: 1, max: 5 })}
            {field('tags', t('channels.tags'))}
          </>
        )}
      </div>
      <CheckboxField
        label={t('channels.operatorUsable')}
        name="operatorUsable"
        checked={operatorUsable}
        onChange={setOperatorUsable}
      />
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
