'use client';

import { Rocket, Save } from 'lucide-react';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { apiFetch } from '@/components/api/client';
import { FilterTabs } from '@/components/list/ListToolbar';
import { type DeployFlags, DeployOptions, NO_FLAGS } from '@/components/stacks/DeployOptions';
import { useUpdateStack } from '@/components/stacks/mutations';
import { useStackVersion } from '@/components/stacks/queries';
import { StackFilesForm, type StackFilesValue } from '@/components/stacks/StackFilesForm';
import { useComposeValidation } from '@/components/stacks/useComposeValidation';
import type { useStackRun } from '@/components/stacks/useStackRun';
import { Button } from '@/components/ui/Button';
import { CliCommand } from '@/components/ui/CliCommand';
import { stacksApi } from '@/lib/api/stacks';
import { renderStackCommand } from '@/lib/stacks/cli';
import type { StackDetail } from '@/lib/stacks/types';

const COMPARE = ['none', 'saved', 'deployed'] as const;
type Compare = (typeof COMPARE)[number];

const savedFiles = (stack: StackDetail): StackFilesValue => ({
  compose: stack.compose ?? '',
  override: stack.override ?? '',
  env: stack.env ?? '',
});

/** Edit the stack's files with Compose checking them, see the diff against the saved or deployed version, save. */
export function EditorTab({
  stack,
  run,
  canWrite,
}: {
  stack: StackDetail;
  run: ReturnType<typeof useStackRun>;
  canWrite: boolean;
}) {
  const t = useTranslations('stacks.editor');
  const [files, setFiles] = useState<StackFilesValue>(() => savedFiles(stack));
  const [envKey, setEnvKey] = useState(0);
  const [compare, setCompare] = useState<Compare>('none');
  const [flags, setFlags] = useState<DeployFlags>(NO_FLAGS);
  const [revealError, setRevealError] = useState<string | null>(null);
  const update = useUpdateStack(stack.name);
  // Compose's verdict is a writer's tool (the route needs stacks:write); readers see the files as saved.
  const validation = useComposeValidation({ ...files, name: stack.name }, canWrite);
  const deployedVersion = stack.versions.find((v) => v.deployed)?.version ?? null;
  const deployed = useStackVersion(stack.name, compare === 'deployed' ? deployedVersion : null);
  const saved = savedFiles(stack);
  const dirty =
    files.compose !== saved.compose || files.override !== saved.override || files.env !== saved.env;
  const blocked = validation.verdict === 'syntax' || validation.verdict === 'invalid';
  const original =
    compare === 'saved'
      ? saved
      : compare === 'deployed' && deployed.data
        ? { compose: deployed.data.compose, override: deployed.data.override ?? '' }
        : null;

  // The promise, not mutate's callbacks: a save remounts this tab (a new version), and the redeploy must still run.
  const save = async (deploy: boolean) => {
    const saved = await update
      .mutateAsync({
        compose: files.compose,
        env: files.env,
        override: files.override,
        // The redeploy runs over the socket, for its live output.
        deploy: false,
      })
      .catch(() => null); // the error toast is the mutation's
    if (saved && deploy) run.start({ name: stack.name, action: 'up', options: flags });
  };

  // The `.env` comes with secret values masked; writers may load them in clear to edit them.
  const reveal = async () => {
    setRevealError(null);
    try {
      const clear = await apiFetch(stacksApi.detail, {
        params: { name: stack.name },
        query: { reveal: true },
      });
      setFiles((f) => ({ ...f, env: clear.env ?? '' }));
      setEnvKey((k) => k + 1);
    } catch (err) {
      setRevealError(err instanceof Error ? err.message : String(err));
    }
  };

  return (
    <div className="flex flex-col gap-4">
      <div className="flex flex-wrap items-center gap-3 text-sm">
        <span className="text-slate-500">{t('compare')}</span>
        <FilterTabs
          options={deployedVersion === null ? COMPARE.filter((c) => c !== 'deployed') : COMPARE}
          value={compare}
          onChange={setCompare}
          label={(c) =>
            c === 'deployed' ? t('compareDeployed', { version: deployedVersion ?? 0 }) : t(`compare_${c}`)
          }
        />
        {dirty && (
          <span className="text-amber-700 dark:text-amber-400" data-testid="stack-editor-dirty">
            {t('unsaved')}
          </span>
        )}
        {canWrite && stack.envEntries.some((e) => e.masked) && (
          <Button className="ml-auto" onClick={() => void reveal()} data-testid="stack-env-load">
            {t('loadSecrets')}
          </Button>
        )}
      </div>
      {revealError && <p className="text-sm text-red-600">{revealError}</p>}
      <StackFilesForm
        value={files}
        onChange={setFiles}
        validation={validation}
        original={original}
        envKey={String(envKey)}
        readOnly={!canWrite}
      />
      {canWrite && (
        <>
          <DeployOptions value={flags} onChange={setFlags} />
          <CliCommand command={renderStackCommand(stack.name, 'up', flags)} />
          <div className="flex flex-wrap items-center gap-2">
            <Button
              variant="primary"
              disabled={!dirty || blocked || update.isPending || run.busy}
              onClick={() => void save(true)}
              data-testid="stack-save-deploy"
            >
              <Rocket className="h-4 w-4" aria-hidden />
              {t('saveDeploy')}
            </Button>
            <Button
              disabled={!dirty || blocked || update.isPending}
              onClick={() => void save(false)}
              data-testid="stack-editor-save"
            >
              <Save className="h-4 w-4" aria-hidden />
              {t('save')}
            </Button>
            <Button
              disabled={!dirty}
              onClick={() => {
                setFiles(saved);
                setEnvKey((k) => k + 1);
              }}
            >
              {t('discard')}
            </Button>
          </div>
        </>
      )}
    </div>
  );
}
