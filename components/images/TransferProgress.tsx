'use client';

import { X } from 'lucide-react';
import { useLocale, useTranslations } from 'next-intl';
import { cancelTransfer, dismissTransfer, type Transfer } from '@/components/images/transfers';
import { Button } from '@/components/ui/Button';
import { CliCommand } from '@/components/ui/CliCommand';
import { formatBytes } from '@/lib/format';
import type { LayerProgress } from '@/lib/images/progress';

function Bar({
  fraction,
  label,
  tone = 'sky',
}: {
  fraction: number;
  label: string;
  tone?: 'sky' | 'emerald' | 'red';
}) {
  const pct = Math.round(fraction * 100);
  const color = tone === 'red' ? 'bg-red-500' : tone === 'emerald' ? 'bg-emerald-500' : 'bg-sky-500';
  return (
    <div
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={pct}
      className="h-2 w-full overflow-hidden rounded bg-slate-200 dark:bg-slate-800"
    >
      <div className={`h-full ${color} transition-[width] duration-150`} style={{ width: `${pct}%` }} />
    </div>
  );
}

function LayerRow({ layer }: { layer: LayerProgress }) {
  const t = useTranslations('images.transfer');
  const locale = useLocale();
  return (
    <div className="grid grid-cols-[7rem_1fr_12rem] items-center gap-2 text-xs" data-testid="layer-progress">
      <span className="font-mono">{layer.id}</span>
      <Bar
        fraction={layer.fraction}
        label={t('layer', { id: layer.id })}
        tone={layer.phase === 'done' ? 'emerald' : 'sky'}
      />
      <span className="truncate text-slate-500">
        {layer.status}
        {layer.total > 0 && layer.phase !== 'done'
          ? ` ${formatBytes(layer.current, locale)} / ${formatBytes(layer.total, locale)}`
          : ''}
      </span>
    </div>
  );
}

/** One pull or push: an overall bar, a bar per layer, the engine's messages, and cancel. */
export function TransferProgress({ transfer }: { transfer: Transfer }) {
  const t = useTranslations('images.transfer');
  const { snapshot } = transfer;
  const running = snapshot.state === 'running';
  const tone = snapshot.state === 'error' ? 'red' : snapshot.state === 'done' ? 'emerald' : 'sky';
  return (
    <section
      className="flex flex-col gap-2 rounded-lg border border-slate-200 bg-white p-3 dark:border-slate-800 dark:bg-slate-900"
      data-testid="transfer"
      data-state={snapshot.state}
      data-reference={transfer.reference}
    >
      <div className="flex items-center gap-2">
        <span className="text-sm font-medium">
          {t(transfer.kind)} <span className="font-mono">{transfer.reference}</span>
        </span>
        <span className="text-xs text-slate-500" data-testid="transfer-state">
          {t(`state.${snapshot.state}`)} · {Math.round(snapshot.overall * 100)}%
        </span>
        <span className="ml-auto" />
        {running ? (
          <Button variant="secondary" onClick={() => cancelTransfer(transfer.id)}>
            {t('cancel')}
          </Button>
        ) : (
          <button
            type="button"
            className="rounded p-1 text-slate-400 hover:text-slate-700"
            onClick={() => dismissTransfer(transfer.id)}
            aria-label={t('dismiss')}
            title={t('dismiss')}
          >
            <X className="h-4 w-4" />
          </button>
        )}
      </div>
      <Bar fraction={snapshot.overall} label={t('overall')} tone={tone} />
      {snapshot.layers.length > 0 && (
        <div className="flex flex-col gap-1">
          {snapshot.layers.map((l) => (
            <LayerRow key={l.id} layer={l} />
          ))}
        </div>
      )}
      {snapshot.error && (
        <p role="alert" className="text-sm text-red-700 dark:text-red-300">
          {snapshot.error}
        </p>
      )}
      {snapshot.messages.length > 0 && (
        <pre className="max-h-24 overflow-auto rounded bg-slate-50 p-2 text-xs text-slate-600 dark:bg-slate-950 dark:text-slate-300">
          {snapshot.messages.join('\n')}
        </pre>
      )}
      <CliCommand command={transfer.command} />
    </section>
  );
}
