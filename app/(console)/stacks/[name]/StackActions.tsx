'use client';

import { Download, Play, Power, Rocket, RotateCw, Square, Trash2 } from 'lucide-react';
import { useTranslations } from 'next-intl';
import { type ReactNode, useState } from 'react';
import { useRouter } from '@/components/environments/navigation';
import { type DeployFlags, DeployOptions, NO_FLAGS } from '@/components/stacks/DeployOptions';
import { useRemoveStack } from '@/components/stacks/mutations';
import { useStackVolumes } from '@/components/stacks/queries';
import type { useStackRun } from '@/components/stacks/useStackRun';
import { Button } from '@/components/ui/Button';
import { CliCommand } from '@/components/ui/CliCommand';
import { ConfirmDialog } from '@/components/ui/ConfirmDialog';
import { renderStackCommand } from '@/lib/stacks/cli';
import type { StackAction, StackDetail } from '@/lib/stacks/types';

const ICONS: Record<StackAction, ReactNode> = {
  up: <Rocket className="h-4 w-4" aria-hidden />,
  stop: <Square className="h-4 w-4" aria-hidden />,
  start: <Play className="h-4 w-4" aria-hidden />,
  restart: <RotateCw className="h-4 w-4" aria-hidden />,
  pull: <Download className="h-4 w-4" aria-hidden />,
  down: <Power className="h-4 w-4" aria-hidden />,
};
const ORDER: readonly StackAction[] = ['up', 'stop', 'start', 'restart', 'pull', 'down'];

/**
 * The stack's actions, each run by the real Compose with its output live below. The command line under the
 * buttons is the one of the action pointed at (deploy until then); `down` asks first, and names the volumes
 * `-v` would remove.
 */
export function StackActions({
  stack,
  run,
  canWrite,
}: {
  stack: StackDetail;
  run: ReturnType<typeof useStackRun>;
  canWrite: boolean;
}) {
  const t = useTranslations('stacks.actions');
  const [hint, setHint] = useState<StackAction>('up');
  const [flags, setFlags] = useState<DeployFlags>(NO_FLAGS);
  // `down` keeps the files; `remove` is the down and the files and history deleted from Berth.
  const [dialog, setDialog] = useState<null | 'down' | 'remove'>(null);
  const [withVolumes, setWithVolumes] = useState(false);
  const volumes = useStackVolumes(stack.name, dialog !== null);
  const remove = useRemoveStack(stack.name);
  const router = useRouter();
  const named = volumes.data?.volumes ?? [];
  const deployOptions = (action: StackAction) => (action === 'up' || action === 'pull' ? flags : {});
  const command = (action: StackAction) =>
    action === 'pull'
      ? `${renderStackCommand(stack.name, 'pull')} && ${renderStackCommand(stack.name, 'up', flags)}`
      : renderStackCommand(stack.name, action, deployOptions(action));
  const downOptions = withVolumes ? { volumes: true, confirmVolumes: named } : {};

  if (!canWrite) return <CliCommand command={stack.command} />;
  return (
    <div className="flex flex-col gap-2">
      <div className="flex flex-wrap gap-2">
        {ORDER.map((action) => (
          <Button
            key={action}
            variant={action === 'up' ? 'primary' : action === 'down' ? 'danger' : 'secondary'}
            disabled={run.busy}
            title={command(action)}
            onMouseEnter={() => setHint(action)}
            onFocus={() => setHint(action)}
            onClick={() => {
              if (action !== 'down')
                return run.start({ name: stack.name, action, options: deployOptions(action) });
              setWithVolumes(false);
              setDialog('down');
            }}
            data-testid={`stack-action-${action}`}
          >
            {ICONS[action]}
            {t(action)}
          </Button>
        ))}
        <Button
          variant="ghost"
          className="text-red-700 dark:text-red-400"
          disabled={run.busy || remove.isPending}
          onClick={() => {
            setWithVolumes(false);
            setDialog('remove');
          }}
          data-testid="stack-remove"
        >
          <Trash2 className="h-4 w-4" aria-hidden />
          {t('remove')}
        </Button>
      </div>
      <DeployOptions value={flags} onChange={setFlags} />
      <CliCommand command={command(hint)} />
      <ConfirmDialog
        open={dialog !== null}
        title={
          dialog === 'remove' ? t('removeTitle', { name: stack.name }) : t('downTitle', { name: stack.name })
        }
        command={renderStackCommand(stack.name, 'down', downOptions)}
        confirmLabel={dialog === 'remove' ? t('remove') : t('down')}
        danger
        pending={(withVolumes && volumes.isLoading) || remove.isPending}
        onCancel={() => setDialog(null)}
        onConfirm={() => {
          if (dialog === 'remove')
            return remove.mutate(withVolumes ? named : null, {
              onSuccess: (result) => {
                setDialog(null);
                if (result.ok) router.push('/stacks');
              },
            });
          setDialog(null);
          run.start({ name: stack.name, action: 'down', options: downOptions });
        }}
      >
        <p>
          {dialog === 'remove' ? t('removeBody', { name: stack.name }) : t('downBody', { name: stack.name })}
        </p>
        <label className="mt-3 flex items-center gap-2">
          <input
            type="checkbox"
            checked={withVolumes}
            onChange={(e) => setWithVolumes(e.target.checked)}
            disabled={volumes.isLoading || named.length === 0}
            data-testid="stack-down-volumes"
          />
          {t('downVolumes')}
        </label>
        <p className="mt-1 text-xs" data-testid="stack-down-volume-list">
          {volumes.isLoading
            ? t('volumesLoading')
            : volumes.isError
              ? volumes.error.message
              : named.length
                ? t('volumesNamed', { names: named.join(', ') })
                : t('volumesNone')}
        </p>
        {withVolumes && named.length > 0 && (
          <p className="mt-2 font-medium text-red-700 dark:text-red-400" data-testid="stack-down-warning">
            {t('downVolumesWarning', { count: named.length, name: stack.name })}
          </p>
        )}
      </ConfirmDialog>
    </div>
  );
}
