'use client';

import { useTranslations } from 'next-intl';
import { useMemo, useState } from 'react';
import { useContainerAction } from '@/components/containers/mutations';
import { ConfirmDialog } from '@/components/ui/ConfirmDialog';
import { FormField, inputClass } from '@/components/ui/FormField';
import { useFieldErrors } from '@/components/ui/useFieldErrors';
import { containerActionSchema, toCliCommand } from '@/lib/containers/actions';
import { renderContainerCommand } from '@/lib/containers/cli';
import {
  type UpdatableHostConfig,
  type UpdateFormState,
  updateDefaults,
  updateInput,
} from '@/lib/containers/update-form';

const FIELDS: { key: keyof UpdateFormState; flag: string; placeholder: string }[] = [
  { key: 'restart', flag: '--restart', placeholder: 'unless-stopped' },
  { key: 'memory', flag: '--memory', placeholder: '512m' },
  { key: 'memorySwap', flag: '--memory-swap', placeholder: '1g / -1' },
  { key: 'cpus', flag: '--cpus', placeholder: '1.5' },
  { key: 'pidsLimit', flag: '--pids-limit', placeholder: '200' },
];

/**
 * `docker update`: the restart policy and resources the engine changes in place, without a recreate. Starts
 * from the container's settings; only what the user changes is sent, and the command shown is the one run.
 */
export function UpdateDialog({
  id,
  name,
  host,
  onClose,
}: {
  id: string;
  name: string;
  host: UpdatableHostConfig;
  onClose: () => void;
}) {
  const t = useTranslations('detail.update');
  const action = useContainerAction(id);
  const initial = useMemo(() => updateDefaults(host), [host]);
  const [state, setState] = useState<UpdateFormState>(initial);
  const { errors, clear, valid, fromServer } = useFieldErrors();
  const input = updateInput(state, initial);

  const submit = () => {
    if (!input || !valid(containerActionSchema, input)) return;
    action.mutate(input, { onSuccess: onClose, onError: fromServer });
  };

  return (
    <ConfirmDialog
      open
      title={t('title', { name })}
      command={input ? renderContainerCommand(toCliCommand(input, name)) : t('nothing')}
      confirmLabel={t('apply')}
      pending={action.isPending || !input}
      onCancel={onClose}
      onConfirm={submit}
    >
      <div className="flex flex-col gap-3" data-testid="update-dialog">
        <p>{t('intro')}</p>
        {FIELDS.map(({ key, flag, placeholder }) => (
          <FormField
            key={key}
            label={t(`fields.${key}`)}
            hint={flag}
            errors={errors[key]}
            htmlFor={`update-${key}`}
          >
            <input
              id={`update-${key}`}
              value={state[key]}
              placeholder={placeholder}
              onChange={(e) => {
                setState((s) => ({ ...s, [key]: e.target.value }));
                clear(key);
              }}
              aria-invalid={errors[key] ? true : undefined}
              className={inputClass(errors[key])}
            />
          </FormField>
        ))}
      </div>
    </ConfirmDialog>
  );
}
