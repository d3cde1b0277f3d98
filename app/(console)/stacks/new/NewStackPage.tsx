'use client';

import { Rocket, Save } from 'lucide-react';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { useCan } from '@/components/auth/queries';
import { BackLink } from '@/components/detail/BackLink';
import Link from '@/components/environments/EnvLink';
import { useRouter } from '@/components/environments/navigation';
import { type DeployFlags, DeployOptions, NO_FLAGS } from '@/components/stacks/DeployOptions';
import { useCreateStack } from '@/components/stacks/mutations';
import { StackFilesForm, type StackFilesValue } from '@/components/stacks/StackFilesForm';
import { StackRunPanel } from '@/components/stacks/StackRunPanel';
import { useComposeValidation } from '@/components/stacks/useComposeValidation';
import { useStackRun } from '@/components/stacks/useStackRun';
import { Button } from '@/components/ui/Button';
import { CliCommand } from '@/components/ui/CliCommand';
import { FormField, inputClass } from '@/components/ui/FormField';
import { renderStackCommand } from '@/lib/stacks/cli';
import { stackName } from '@/lib/stacks/schemas';

const TEMPLATE = `services:
  web:
    image: nginx:alpine
    ports:
      - "127.0.0.1:8080:80"
    restart: unless-stopped
`;

/** Which rule of Compose's project names a name breaks (lib/stacks/schemas stackName), for a translated message. */
function nameProblem(name: string): 'required' | 'tooLong' | 'pattern' | 'reserved' | null {
  const parsed = stackName.safeParse(name);
  // The server's reserved name: /api/stacks/validate would shadow the stack's own routes.
  if (parsed.success) return name === 'validate' ? 'reserved' : null;
  if (!name) return 'required';
  return name.length > 63 ? 'tooLong' : 'pattern';
}

export function NewStackPage() {
  const t = useTranslations('stacks.new');
  const router = useRouter();
  const canWrite = useCan('stacks:write');
  const [name, setName] = useState('');
  const [touched, setTouched] = useState(false);
  const [files, setFiles] = useState<StackFilesValue>({ compose: TEMPLATE, override: '', env: '' });
  const [flags, setFlags] = useState<DeployFlags>(NO_FLAGS);
  const [savedAs, setSavedAs] = useState<string | null>(null);
  const create = useCreateStack();
  const run = useStackRun();
  const problem = nameProblem(name);
  // Without the name: it does not change whether Compose accepts the files, and typing it would recheck them.
  const validation = useComposeValidation(files);
  const blocked = !!problem || validation.verdict === 'syntax' || validation.verdict === 'invalid';

  const submit = (deploy: boolean) => {
    setTouched(true);
    if (blocked) return;
    create.mutate(
      {
        name,
        compose: files.compose,
        ...(files.env.trim() ? { env: files.env } : {}),
        ...(files.override.trim() ? { override: files.override } : {}),
        // The deploy runs over the socket below, for its live output.
        deploy: false,
      },
      {
        onSuccess: () => {
          setSavedAs(name);
          if (deploy) run.start({ name, action: 'up', options: flags });
          else router.push(`/stacks/${encodeURIComponent(name)}`);
        },
      },
    );
  };

  const nameError = touched || name ? problem : null;
  return (
    <div className="flex flex-col gap-4">
      <BackLink href="/stacks" label={t('back')} />
      <h1 className="text-2xl font-semibold">{t('title')}</h1>
      <FormField
        label={t('name')}
        hint={t('nameHint')}
        htmlFor="stack-name"
        errors={nameError ? [t(`nameErrors.${nameError}`)] : undefined}
        className="max-w-md"
      >
        <input
          id="stack-name"
          value={name}
          onChange={(e) => setName(e.target.value)}
          onBlur={() => setTouched(true)}
          className={`${inputClass(nameError ? [nameError] : undefined)} font-mono`}
          autoComplete="off"
          spellCheck={false}
          data-testid="stack-name"
        />
      </FormField>
      <StackFilesForm value={files} onChange={setFiles} validation={validation} />
      <DeployOptions value={flags} onChange={setFlags} />
      <CliCommand command={renderStackCommand(name || 'NAME', 'up', flags)} />
      <div className="flex flex-wrap items-center gap-2">
        <Button
          variant="primary"
          onClick={() => submit(true)}
          disabled={!canWrite || create.isPending || run.busy || !!savedAs}
          data-testid="stack-deploy"
        >
          <Rocket className="h-4 w-4" aria-hidden />
          {t('deploy')}
        </Button>
        <Button
          onClick={() => submit(false)}
          disabled={!canWrite || create.isPending || run.busy || !!savedAs}
          data-testid="stack-save"
        >
          <Save className="h-4 w-4" aria-hidden />
          {t('save')}
        </Button>
        {!canWrite && <span className="text-sm text-slate-500">{t('readOnly')}</span>}
        {blocked && touched && (
          <span className="text-sm text-red-600" data-testid="stack-blocked">
            {t('fixFirst')}
          </span>
        )}
        {savedAs && !run.busy && (
          <Link
            href={`/stacks/${encodeURIComponent(savedAs)}`}
            className="text-sm text-sky-700 hover:underline dark:text-sky-400"
            data-testid="stack-open"
          >
            {t('open', { name: savedAs })}
          </Link>
        )}
      </div>
      <StackRunPanel run={run} />
    </div>
  );
}
