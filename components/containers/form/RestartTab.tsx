'use client';

import { useTranslations } from 'next-intl';
import { FormField, inputClass } from '@/components/ui/FormField';
import { Check, Checks, Section, TextInput, useFieldLabel, useFields } from './fields';

const RESTART_POLICIES = ['no', 'always', 'unless-stopped', 'on-failure'] as const;
const INIT_CHOICES = { default: null, on: true, off: false } as const;

export function RestartTab() {
  const t = useTranslations('create');
  const { state, errors, update } = useFields();
  const label = useFieldLabel();
  // "" is "not given", which is "no" to the engine: both show as "no", and choosing "no" gives "".
  const [restartName = '', retries = ''] = state.restart.split(':');
  const initChoice = state.init === null ? 'default' : state.init ? 'on' : 'off';
  return (
    <div className="flex flex-col gap-6">
      <Section>
        <FormField
          label={t('fields.restart')}
          hint="--restart"
          errors={errors.restart}
          htmlFor="f-restart"
          errorTestId="error-restart"
        >
          <div className="flex gap-2">
            <select
              id="f-restart"
              name="restart"
              value={restartName || 'no'}
              onChange={(e) => {
                const name = e.target.value;
                update(
                  'restart',
                  name === 'no' ? '' : name === 'on-failure' && retries ? `on-failure:${retries}` : name,
                );
              }}
              className={inputClass(errors.restart)}
            >
              {RESTART_POLICIES.map((p) => (
                <option key={p} value={p}>
                  {p}
                </option>
              ))}
            </select>
            {restartName === 'on-failure' && (
              <input
                aria-label={t('fields.retries')}
                placeholder={t('fields.retries')}
                inputMode="numeric"
                value={retries}
                onChange={(e) =>
                  update('restart', e.target.value ? `on-failure:${e.target.value}` : 'on-failure')
                }
                className={`${inputClass(errors.restart)} w-28`}
              />
            )}
          </div>
        </FormField>
        <Checks>
          <Check field="autoRemove" flag="--rm" />
        </Checks>
        <TextInput field="stopSignal" flag="--stop-signal" placeholder="SIGTERM" />
        <TextInput field="stopTimeout" flag="--stop-timeout" placeholder="10" />
        <FormField
          label={label('init')}
          hint="--init"
          errors={errors.init}
          htmlFor="f-init"
          errorTestId="error-init"
        >
          <select
            id="f-init"
            name="init"
            value={initChoice}
            onChange={(e) => update('init', INIT_CHOICES[e.target.value as keyof typeof INIT_CHOICES])}
            className={inputClass(errors.init)}
          >
            <option value="default">{t('adv.init.default')}</option>
            <option value="on">{t('adv.init.on')}</option>
            <option value="off">{t('adv.init.off')}</option>
          </select>
        </FormField>
      </Section>
      <Section title={t('adv.sections.health')}>
        <TextInput
          field="healthCmd"
          flag="--health-cmd"
          placeholder="curl -f http://localhost/ || exit 1"
          wide
        />
        <TextInput field="healthInterval" flag="--health-interval" placeholder="30s" />
        <TextInput field="healthTimeout" flag="--health-timeout" placeholder="10s" />
        <TextInput field="healthStartPeriod" flag="--health-start-period" placeholder="1m" />
        <TextInput field="healthRetries" flag="--health-retries" placeholder="3" />
        <Checks>
          <Check field="noHealthcheck" flag="--no-healthcheck" />
        </Checks>
      </Section>
    </div>
  );
}
