'use client';

import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { StateBadge } from '@/components/containers/StateBadge';
import Link from '@/components/environments/EnvLink';
import type { useStackRun } from '@/components/stacks/useStackRun';
import { Button } from '@/components/ui/Button';
import { inputClass } from '@/components/ui/FormField';
import type { ContainerState } from '@/lib/containers/types';
import { renderStackCommand } from '@/lib/stacks/cli';
import { formatStackPort } from '@/lib/stacks/list';
import type { StackDetail, StackService } from '@/lib/stacks/types';

const STATES: readonly ContainerState[] = [
  'created',
  'running',
  'paused',
  'restarting',
  'removing',
  'exited',
  'dead',
];
/** The engine's state text as the badge knows it (the view model keeps it a string). */
const asState = (state: string): ContainerState => STATES.find((s) => s === state) ?? 'created';

/** Each service with its containers (linking to their pages), its ports, and scale and recreate for writers. */
export function ServicesTab({
  stack,
  run,
  canWrite,
}: {
  stack: StackDetail;
  run: ReturnType<typeof useStackRun>;
  canWrite: boolean;
}) {
  const t = useTranslations('stacks.services');
  if (stack.servicesDetail.length === 0) return <p className="text-sm text-slate-500">{t('none')}</p>;
  return (
    <div className="flex flex-col gap-3">
      {stack.servicesDetail.map((service) => (
        <ServiceCard key={service.name} stack={stack} service={service} run={run} canWrite={canWrite} />
      ))}
    </div>
  );
}

function ServiceCard({
  stack,
  service,
  run,
  canWrite,
}: {
  stack: StackDetail;
  service: StackService;
  run: ReturnType<typeof useStackRun>;
  canWrite: boolean;
}) {
  const t = useTranslations('stacks.services');
  const [replicas, setReplicas] = useState(String(service.desired));
  const scale = Number(replicas);
  const scaleValid = Number.isInteger(scale) && scale >= 0 && scale <= 100;
  const ports = stack.ports.filter((p) => p.service === service.name).map(formatStackPort);
  const recreate = { services: [service.name], forceRecreate: true };
  const scaleOptions = { services: [service.name], scale: { [service.name]: scale } };
  return (
    <section
      className="flex flex-col gap-2 rounded-lg border border-slate-200 bg-white p-3 dark:border-slate-800 dark:bg-slate-900"
      data-testid="stack-service"
      data-name={service.name}
    >
      <div className="flex flex-wrap items-center gap-3">
        <h3 className="font-semibold">{service.name}</h3>
        <span className="font-mono text-xs text-slate-500">{service.image ?? '—'}</span>
        <span className="text-xs" data-testid="service-running">
          {t('running', { running: service.running, desired: service.desired })}
        </span>
        {ports.length > 0 && <span className="font-mono text-xs">{ports.join(' ')}</span>}
        {canWrite && (
          <div className="ml-auto flex flex-wrap items-center gap-2">
            <label className="flex items-center gap-1 text-sm">
              {t('scale')}
              <input
                type="number"
                min={0}
                max={100}
                value={replicas}
                onChange={(e) => setReplicas(e.target.value)}
                className={`${inputClass(scaleValid ? undefined : ['x'])} w-20`}
                data-testid="service-scale"
              />
            </label>
            <Button
              disabled={run.busy || !scaleValid}
              title={renderStackCommand(stack.name, 'up', scaleOptions)}
              onClick={() => run.start({ name: stack.name, action: 'up', options: scaleOptions })}
              data-testid="service-scale-apply"
            >
              {t('applyScale')}
            </Button>
            <Button
              disabled={run.busy}
              title={renderStackCommand(stack.name, 'up', recreate)}
              onClick={() => run.start({ name: stack.name, action: 'up', options: recreate })}
              data-testid="service-recreate"
            >
              {t('recreate')}
            </Button>
          </div>
        )}
      </div>
      {service.containers.length === 0 ? (
        <p className="text-xs text-slate-500">{t('noContainers')}</p>
      ) : (
        <ul className="flex flex-col gap-1">
          {service.containers.map((c) => (
            <li
              key={c.id}
              className="flex flex-wrap items-center gap-3 text-sm"
              data-testid="service-container"
            >
              <Link
                href={`/containers/${c.id}`}
                className="font-mono text-xs text-sky-700 hover:underline dark:text-sky-400"
              >
                {c.name}
              </Link>
              <StateBadge state={asState(c.state)} />
              <span className="text-xs text-slate-500">{c.status}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
