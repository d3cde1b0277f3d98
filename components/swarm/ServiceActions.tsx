'use client';

import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { useCan } from '@/components/auth/queries';
import { useRouter } from '@/components/environments/navigation';
import { useServiceActions } from '@/components/swarm/mutations';
import { Button } from '@/components/ui/Button';
import { ConfirmDialog } from '@/components/ui/ConfirmDialog';
import { inputClass } from '@/components/ui/FormField';
import { serviceRemoveCommand, serviceRollbackCommand, serviceScaleCommand } from '@/lib/swarm/cli';
import type { ServiceDetail } from '@/lib/swarm/types';

type Dialog = 'scale' | 'rollback' | 'remove' | null;

/** Scale, rollback (when the engine kept a previous spec) and remove, each confirmed with its CLI line. */
export function ServiceActions({ service: s }: { service: ServiceDetail }) {
  const t = useTranslations('swarm.service');
  const router = useRouter();
  const canWrite = useCan('containers:write');
  const actions = useServiceActions(s);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [replicas, setReplicas] = useState(String(s.replicas ?? 1));
  const [typed, setTyped] = useState('');
  if (!canWrite) return null;
  const count = Number(replicas);
  const validCount = replicas.trim() !== '' && Number.isInteger(count) && count >= 0 && count <= 1000;
  const close = () => {
    setDialog(null);
    setTyped('');
  };

  return (
    <div className="ml-auto flex gap-2">
      {s.mode === 'replicated' && (
        <Button
          onClick={() => {
            setReplicas(String(s.replicas ?? 1));
            setDialog('scale');
          }}
          data-testid="swarm-service-scale"
        >
          {t('scale')}
        </Button>
      )}
      {s.canRollback && (
        <Button onClick={() => setDialog('rollback')} data-testid="swarm-service-rollback">
          {t('rollback')}
        </Button>
      )}
      <Button variant="danger" onClick={() => setDialog('remove')} data-testid="swarm-service-remove">
        {t('remove')}
      </Button>

      <ConfirmDialog
        open={dialog === 'scale'}
        title={t('scaleTitle', { name: s.name })}
        command={serviceScaleCommand(s.name, validCount ? count : 0)}
        confirmLabel={t('scale')}
        pending={actions.scale.isPending || !validCount}
        onCancel={close}
        onConfirm={() => actions.scale.mutate(count, { onSuccess: close })}
      >
        <label className="flex flex-col gap-1">
          {t('replicasLabel')}
          <input
            type="number"
            min={0}
            max={1000}
            value={replicas}
            onChange={(e) => setReplicas(e.target.value)}
            className={inputClass(validCount ? undefined : ['!'])}
            data-testid="swarm-scale-replicas"
          />
        </label>
      </ConfirmDialog>

      <ConfirmDialog
        open={dialog === 'rollback'}
        title={t('rollbackTitle', { name: s.name })}
        command={serviceRollbackCommand(s.name)}
        confirmLabel={t('rollback')}
        pending={actions.rollback.isPending}
        onCancel={close}
        onConfirm={() => actions.rollback.mutate(undefined, { onSuccess: close })}
      >
        <p>{t('rollbackBody')}</p>
      </ConfirmDialog>

      <ConfirmDialog
        open={dialog === 'remove'}
        title={t('removeTitle', { name: s.name })}
        command={serviceRemoveCommand(s.name)}
        confirmLabel={t('remove')}
        danger
        // Typing the name guards against removing the wrong service: its tasks stop on every node.
        pending={actions.remove.isPending || typed !== s.name}
        onCancel={close}
        onConfirm={() =>
          actions.remove.mutate(undefined, {
            onSuccess: () => {
              close();
              router.push('/swarm?tab=services');
            },
          })
        }
      >
        <p>{t('removeBody', { count: s.running })}</p>
        <label className="mt-3 flex flex-col gap-1">
          {t('typeName', { name: s.name })}
          <input
            value={typed}
            onChange={(e) => setTyped(e.target.value)}
            className={inputClass()}
            autoComplete="off"
            data-testid="swarm-remove-typed"
          />
        </label>
      </ConfirmDialog>
    </div>
  );
}
