'use client';

import { useTranslations } from 'next-intl';
import { useState } from 'react';
import Link from '@/components/environments/EnvLink';
import { ComposeEditor } from '@/components/stacks/StackFilesForm';
import { useDeployStack } from '@/components/swarm/mutations';
import { Button } from '@/components/ui/Button';
import { CliCommand } from '@/components/ui/CliCommand';
import { FormField, inputClass } from '@/components/ui/FormField';
import { useFieldErrors } from '@/components/ui/useFieldErrors';
import { stackDeployCommand } from '@/lib/swarm/cli';
import { type SwarmStackDeploy, swarmStackSchema } from '@/lib/swarm/schemas';
import type { SwarmStackDeployResult } from '@/lib/swarm/types';

const EXAMPLE = `services:
  web:
    image: nginx:alpine
    deploy:
      replicas: 2
`;

/** `docker stack deploy -c FILE STACK`: a compose file's services on the swarm, with what each became. */
export function StackDeployForm() {
  const t = useTranslations('swarm.stack');
  const deploy = useDeployStack();
  const errors = useFieldErrors();
  const [stack, setStack] = useState('');
  const [compose, setCompose] = useState(EXAMPLE);
  const [noResolveImage, setNoResolveImage] = useState(false);
  const [result, setResult] = useState<SwarmStackDeployResult | null>(null);

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    const body: SwarmStackDeploy = { stack: stack.trim(), compose, noResolveImage };
    if (!errors.valid(swarmStackSchema, body)) return;
    deploy.mutate(body, { onSuccess: setResult, onError: errors.fromServer });
  };

  return (
    <form onSubmit={submit} className="flex flex-col gap-4" data-testid="swarm-stack-form">
      <FormField
        label={t('name')}
        hint={t('nameHint')}
        htmlFor="swarm-stack-name"
        errors={errors.errors.stack}
      >
        <input
          id="swarm-stack-name"
          value={stack}
          onChange={(e) => {
            setStack(e.target.value);
            errors.clear('stack');
          }}
          className={inputClass(errors.errors.stack)}
          autoComplete="off"
        />
      </FormField>
      <FormField
        label={t('compose')}
        hint={t('composeHint')}
        htmlFor="swarm-stack-compose"
        errors={errors.errors.compose}
      >
        <ComposeEditor
          value={compose}
          onChange={setCompose}
          label={t('compose')}
          testId="swarm-stack-compose"
        />
      </FormField>
      <label className="flex items-center gap-2 text-sm">
        <input
          type="checkbox"
          checked={noResolveImage}
          onChange={(e) => setNoResolveImage(e.target.checked)}
        />
        {t('noResolveImage')}
      </label>
      <CliCommand command={stackDeployCommand(stack.trim())} />
      <div className="flex justify-end">
        <Button type="submit" variant="primary" disabled={deploy.isPending} data-testid="swarm-stack-submit">
          {deploy.isPending ? t('deploying') : t('deploy')}
        </Button>
      </div>
      {result && (
        <section
          className="flex flex-col gap-2 rounded-lg border border-emerald-300 bg-emerald-50 p-4 text-sm dark:border-emerald-900 dark:bg-emerald-950"
          data-testid="swarm-stack-result"
        >
          <h2 className="font-semibold">{t('deployed', { name: result.stack })}</h2>
          <CliCommand command={result.command} />
          {result.created.length > 0 && (
            <p>
              {t('created', {
                names: result.created.map((c) => `${c.kind} ${c.name}`).join(', '),
              })}
            </p>
          )}
          <ul className="flex flex-col gap-2">
            {result.services.map((s) => (
              <li key={s.id} className="flex flex-col gap-1">
                <Link
                  href={`/swarm/services/${encodeURIComponent(s.id)}`}
                  className="font-medium text-sky-700 hover:underline dark:text-sky-400"
                >
                  {s.name}
                </Link>
                <CliCommand command={s.command} />
                {s.warnings.map((w) => (
                  <p key={w} className="text-amber-700 dark:text-amber-400">
                    {w}
                  </p>
                ))}
              </li>
            ))}
          </ul>
        </section>
      )}
    </form>
  );
}
