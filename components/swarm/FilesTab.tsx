'use client';

import { useLocale, useTranslations } from 'next-intl';
import { Fragment, useState } from 'react';
import { useCan } from '@/components/auth/queries';
import { ListError } from '@/components/list/ListError';
import { bytesToBase64, parseKeyValues } from '@/components/swarm/form';
import { useCreateSwarmFile, useRemoveSwarmFile } from '@/components/swarm/mutations';
import { useConfig, useConfigs, useSecrets } from '@/components/swarm/queries';
import { Button } from '@/components/ui/Button';
import { CliCommand } from '@/components/ui/CliCommand';
import { ConfirmDialog } from '@/components/ui/ConfirmDialog';
import { FormField, inputClass } from '@/components/ui/FormField';
import { Table } from '@/components/ui/Table';
import { useFieldErrors } from '@/components/ui/useFieldErrors';
import { formatRelative } from '@/lib/format';
import { swarmFileCreateCommand, swarmFileRemoveCommand } from '@/lib/swarm/cli';
import { type SwarmFileCreate, swarmFileCreateSchema } from '@/lib/swarm/schemas';
import type { ConfigView, SecretView } from '@/lib/swarm/types';

type Kind = 'secret' | 'config';

/** `docker secret ls` / `docker config ls`, create and remove; a config's data can be read back, a secret's never. */
export function FilesTab({ kind }: { kind: Kind }) {
  const t = useTranslations(kind === 'secret' ? 'swarm.secrets' : 'swarm.configs');
  const tf = useTranslations('swarm.files');
  const locale = useLocale();
  const secrets = useSecrets(kind === 'secret');
  const configs = useConfigs(kind === 'config');
  const query = kind === 'secret' ? secrets : configs;
  const list: (SecretView | ConfigView)[] = query.data ?? [];
  const canWrite = useCan('containers:write');
  const remove = useRemoveSwarmFile(kind);
  const [creating, setCreating] = useState(false);
  const [removing, setRemoving] = useState<{ id: string; name: string } | null>(null);
  const [viewing, setViewing] = useState<string | null>(null);

  return (
    <div className="flex flex-col gap-3">
      <div className="flex flex-wrap items-center gap-2">
        <span className="text-sm text-slate-500" data-testid={`swarm-${kind}-count`}>
          {t('count', { count: list.length })}
        </span>
        {canWrite && !creating && (
          <Button
            variant="primary"
            className="ml-auto"
            onClick={() => setCreating(true)}
            data-testid={`swarm-${kind}-new`}
          >
            {t('create')}
          </Button>
        )}
      </div>
      {creating && <CreateFileForm kind={kind} onDone={() => setCreating(false)} />}
      {query.isError && !query.data ? (
        <ListError message={query.error.message} />
      ) : (
        <Table
          columns={[tf('name'), tf('created'), tf('usedBy'), tf('labels'), '']}
          testId={`swarm-${kind}-table`}
          after={
            list.length === 0 && (
              <p className="p-4 text-center text-sm text-slate-500">
                {query.isLoading ? tf('loading') : t('empty')}
              </p>
            )
          }
        >
          {list.map((f) => (
            <Fragment key={f.id}>
              <tr
                className="border-b border-slate-100 dark:border-slate-800"
                data-testid={`swarm-${kind}-row`}
                data-name={f.name}
              >
                <td className="px-3 py-2 font-medium">{f.name}</td>
                <td
                  className="px-3 py-2 text-xs text-slate-500"
                  title={new Date(f.createdAt).toLocaleString(locale)}
                >
                  {formatRelative(Date.parse(f.createdAt), locale)}
                </td>
                <td className="px-3 py-2 text-xs">{f.usedBy.join(', ') || '—'}</td>
                <td className="px-3 py-2 font-mono text-xs">
                  {Object.entries(f.labels).map(([k, v]) => (
                    <div key={k}>{v === '' ? k : `${k}=${v}`}</div>
                  ))}
                </td>
                <td className="px-3 py-2">
                  <div className="flex justify-end gap-1">
                    {kind === 'config' && (
                      <Button
                        variant="ghost"
                        onClick={() => setViewing(viewing === f.id ? null : f.id)}
                        aria-expanded={viewing === f.id}
                      >
                        {t('view')}
                      </Button>
                    )}
                    {canWrite && (
                      <Button
                        variant="danger"
                        onClick={() => setRemoving({ id: f.id, name: f.name })}
                        data-testid={`swarm-${kind}-remove`}
                      >
                        {tf('remove')}
                      </Button>
                    )}
                  </div>
                </td>
              </tr>
              {viewing === f.id && (
                <tr className="border-b border-slate-100 dark:border-slate-800">
                  <td colSpan={5} className="bg-slate-50 px-3 py-3 dark:bg-slate-950">
                    <ConfigData id={f.id} name={f.name} />
                  </td>
                </tr>
              )}
            </Fragment>
          ))}
        </Table>
      )}
      <ConfirmDialog
        open={removing !== null}
        title={t('removeTitle', { name: removing?.name ?? '' })}
        command={removing ? swarmFileRemoveCommand(kind, removing.name) : undefined}
        confirmLabel={tf('remove')}
        danger
        pending={remove.isPending}
        onCancel={() => setRemoving(null)}
        onConfirm={() => removing && remove.mutate(removing, { onSettled: () => setRemoving(null) })}
      >
        <p>{t('removeBody')}</p>
      </ConfirmDialog>
    </div>
  );
}

function ConfigData({ id, name }: { id: string; name: string }) {
  const t = useTranslations('swarm.configs');
  const config = useConfig(id);
  if (config.isLoading) return <p className="text-sm text-slate-500">{t('loadingData')}</p>;
  if (!config.data)
    return (
      <p role="alert" className="text-sm text-red-700">
        {config.error?.message}
      </p>
    );
  return (
    <div className="flex flex-col gap-2">
      <CliCommand command={`docker config inspect --pretty ${name}`} />
      <pre
        className="max-h-96 overflow-auto rounded-md bg-white p-3 font-mono text-xs whitespace-pre-wrap dark:bg-slate-900"
        data-testid="swarm-config-data"
      >
        {config.data.data}
      </pre>
    </div>
  );
}

function CreateFileForm({ kind, onDone }: { kind: Kind; onDone: () => void }) {
  const t = useTranslations(kind === 'secret' ? 'swarm.secrets' : 'swarm.configs');
  const tf = useTranslations('swarm.files');
  const create = useCreateSwarmFile(kind);
  const errors = useFieldErrors();
  const [name, setName] = useState('');
  const [value, setValue] = useState('');
  const [file, setFile] = useState<{ name: string; base64: string } | null>(null);
  const [labels, setLabels] = useState('');
  const parsedLabels = parseKeyValues(labels);
  const id = (field: string) => `swarm-${kind}-${field}`;

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    const body: SwarmFileCreate = file
      ? { name: name.trim(), data: file.base64, encoding: 'base64', labels: parsedLabels }
      : { name: name.trim(), data: value, encoding: 'utf8', labels: parsedLabels };
    if (!errors.valid(swarmFileCreateSchema, body)) return;
    create.mutate(body, { onSuccess: onDone, onError: errors.fromServer });
  };

  return (
    <form
      onSubmit={submit}
      className="flex flex-col gap-3 rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900"
      data-testid={`swarm-${kind}-form`}
    >
      <h2 className="font-semibold">{t('create')}</h2>
      {kind === 'secret' && (
        <p className="rounded-md bg-amber-50 p-2 text-sm text-amber-900 dark:bg-amber-950 dark:text-amber-200">
          {t('neverShown')}
        </p>
      )}
      <FormField label={tf('name')} htmlFor={id('name')} errors={errors.errors.name}>
        <input
          id={id('name')}
          value={name}
          onChange={(e) => setName(e.target.value)}
          className={inputClass(errors.errors.name)}
          autoComplete="off"
        />
      </FormField>
      <FormField label={tf('value')} hint={tf('valueHint')} htmlFor={id('value')} errors={errors.errors.data}>
        <textarea
          id={id('value')}
          rows={5}
          value={file ? '' : value}
          disabled={file !== null}
          onChange={(e) => setValue(e.target.value)}
          className={`${inputClass(errors.errors.data)} font-mono`}
          autoComplete="off"
          spellCheck={false}
        />
      </FormField>
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <label className="flex items-center gap-2">
          {tf('upload')}
          <input
            type="file"
            data-testid={id('file')}
            onChange={async (e) => {
              const chosen = e.target.files?.[0];
              if (!chosen) return setFile(null);
              setFile({
                name: chosen.name,
                base64: bytesToBase64(new Uint8Array(await chosen.arrayBuffer())),
              });
            }}
          />
        </label>
        {file && (
          <Button variant="ghost" onClick={() => setFile(null)}>
            {tf('clearFile', { name: file.name })}
          </Button>
        )}
      </div>
      <FormField
        label={tf('labels')}
        hint={tf('labelsHint')}
        htmlFor={id('labels')}
        errors={errors.errors.labels}
      >
        <textarea
          id={id('labels')}
          rows={2}
          value={labels}
          onChange={(e) => setLabels(e.target.value)}
          className={`${inputClass()} font-mono`}
        />
      </FormField>
      <CliCommand command={swarmFileCreateCommand(kind, name.trim(), parsedLabels)} />
      <div className="flex justify-end gap-2">
        <Button onClick={onDone}>{tf('cancel')}</Button>
        <Button
          type="submit"
          variant="primary"
          disabled={create.isPending}
          data-testid={`swarm-${kind}-submit`}
        >
          {t('create')}
        </Button>
      </div>
    </form>
  );
}
