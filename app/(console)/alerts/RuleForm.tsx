'use client';

import { useTranslations } from 'next-intl';
import { type FormEvent, useState } from 'react';
import { useCreateRule } from '@/components/alerts/queries';
import { ApiError, bodyFieldErrors } from '@/components/api/client';
import { Button } from '@/components/ui/Button';
import { CliCommand } from '@/components/ui/CliCommand';
import { eventsCommand } from '@/lib/alerts/rules';
import {
  ALERT_RULE_KINDS,
  type AlertChannelView,
  type AlertRuleKind,
  type AlertRuleParams,
  ENGINE_WIDE_RULE_KINDS,
} from '@/lib/alerts/types';
import { panelClass, SelectField, useFieldForm } from './fields';

/** Alerts → Add a rule: what fires (kind and its parameters), on which containers, to which channels. */
export function RuleForm({
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
  const { form, set, errors, setErrors, field } = useFieldForm({
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

  return (
    <form onSubmit={submit} noValidate className={panelClass} data-testid="rule-form">
      <h3 className="font-semibold">{t('rules.addTitle')}</h3>
      <div className="grid gap-3 sm:grid-cols-2">
        {field('name', t('rules.name'))}
        <SelectField
          label={t('rules.kind')}
          name="kind"
          value={form.kind}
          choices={kinds}
          text={(k) => t(`kinds.${k}`)}
          onChange={set('kind')}
        />
        {field('nameGlob', t('rules.nameGlob'), { placeholder: 'web-*', errorKey: 'scope.nameGlob' })}
        {field('label', t('rules.label'), { placeholder: 'com.example.tier=front', errorKey: 'scope.label' })}
        {field('project', t('rules.project'))}
        {field('environments', t('rules.environments'), { errorKey: 'scope.environments' })}
        {form.kind === 'restarting' && (
          <>
            {field('restartCount', t('rules.restartCount'), { type: 'number' })}
            {field('windowMinutes', t('rules.windowMinutes'), { type: 'number' })}
          </>
        )}
        {(form.kind === 'cpu' || form.kind === 'memory') && (
          <>
            {field('thresholdPercent', t('rules.thresholdPercent'), {
              type: 'number',
              errorKey: 'params.thresholdPercent',
            })}
            {field('durationSeconds', t('rules.durationSeconds'), {
              type: 'number',
              errorKey: 'params.durationSeconds',
            })}
          </>
        )}
        {form.kind === 'log_match' &&
          field('pattern', t('rules.pattern'), { placeholder: 'ERROR|panic:', errorKey: 'params.pattern' })}
        {form.kind === 'disk' &&
          field('diskGb', t('rules.diskGb'), { type: 'number', errorKey: 'params.diskBytes' })}
        {field('cooldownSeconds', t('rules.cooldown'), { type: 'number' })}
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
