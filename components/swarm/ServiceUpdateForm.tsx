'use client';

import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { useCan } from '@/components/auth/queries';
import { lines } from '@/components/swarm/form';
import { useServiceActions } from '@/components/swarm/mutations';
import { Button } from '@/components/ui/Button';
import { CliCommand } from '@/components/ui/CliCommand';
import { FormField, inputClass } from '@/components/ui/FormField';
import { useFieldErrors } from '@/components/ui/useFieldErrors';
import { serviceUpdateCommand } from '@/lib/swarm/cli';
import { type ServiceUpdate, serviceUpdateSchema } from '@/lib/swarm/schemas';
import type { ServiceDetail } from '@/lib/swarm/types';

/** Whether env entries came masked: they cannot be sent back as they are, or the values would become `••••`. */
const masked = (env: readonly string[]) => env.some((e) => e.includes('••••'));

/**
 * `docker service update`: image, replicas, the whole environment and --force. Only what differs from the
 * service is sent (the rest of the spec is kept by the server), and the CLI line shows the same difference.
 */
export function ServiceUpdateForm({ service: s }: { service: ServiceDetail }) {
  const t = useTranslations('swarm.update');
  const canWrite = useCan('containers:write');
  const actions = useServiceActions(s);
  const errors = useFieldErrors();
  const envMasked = masked(s.env);
  const [image, setImage] = useState(s.image);
  const [replicas, setReplicas] = useState(String(s.replicas ?? ''));
  const [env, setEnv] = useState(envMasked ? '' : s.env.join('\n'));
  const [force, setForce] = useState(false);
  const [noResolveImage, setNoResolveImage] = useState(false);

  const update: ServiceUpdate = {};
  if (image.trim() && image.trim() !== s.image) update.image = image.trim();
  if (s.mode === 'replicated' && replicas.trim() !== '' && Number(replicas) !== s.replicas)
    update.replicas = Number(replicas);
  const envLines = lines(env);
  if (!envMasked && envLines.join('\n') !== s.env.join('\n')) update.env = envLines;
  if (force) update.force = true;
  if (noResolveImage) update.noResolveImage = true;
  const nothing = Object.keys(update).filter((k) => k !== 'noResolveImage').length === 0;

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    if (nothing || !errors.valid(serviceUpdateSchema, update)) return;
    actions.update.mutate(update, { onSuccess: () => setForce(false), onError: errors.fromServer });
  };

  return (
    <form onSubmit={submit} className="flex max-w-3xl flex-col gap-4" data-testid="swarm-update-form">
      <FormField label={t('image')} htmlFor="upd-image" errors={errors.errors.image}>
        <input
          id="upd-image"
          value={image}
          onChange={(e) => setImage(e.target.value)}
          className={`${inputClass(errors.errors.image)} font-mono`}
        />
      </FormField>
      {s.mode === 'replicated' && (
        <FormField label={t('replicas')} htmlFor="upd-replicas" errors={errors.errors.replicas}>
          <input
            id="upd-replicas"
            type="number"
            min={0}
            max={1000}
            value={replicas}
            onChange={(e) => setReplicas(e.target.value)}
            className={inputClass(errors.errors.replicas)}
          />
        </FormField>
      )}
      <FormField
        label={t('env')}
        hint={envMasked ? t('envMasked') : t('envHint')}
        htmlFor="upd-env"
        errors={
          errors.errors.env ??
          Object.entries(errors.errors)
            .filter(([k]) => k.startsWith('env.'))
            .flatMap(([, m]) => m)
        }
      >
        <textarea
          id="upd-env"
          rows={5}
          value={env}
          disabled={envMasked}
          onChange={(e) => setEnv(e.target.value)}
          className={`${inputClass()} font-mono`}
          spellCheck={false}
        />
      </FormField>
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" checked={force} onChange={(e) => setForce(e.target.checked)} />
        {t('force')}
        <span className="text-xs text-slate-500">{t('forceHint')}</span>
      </label>
      <label className="flex items-center gap-2 text-sm">
        <input
          type="checkbox"
          checked={noResolveImage}
          onChange={(e) => setNoResolveImage(e.target.checked)}
        />
        {t('noResolveImage')}
      </label>
      <CliCommand command={serviceUpdateCommand(s.name, update, s)} />
      {canWrite && (
        <div className="flex justify-end">
          <Button
            type="submit"
            variant="primary"
            disabled={nothing || actions.update.isPending}
            data-testid="swarm-update-submit"
          >
            {t('submit')}
          </Button>
        </div>
      )}
    </form>
  );
}
