'use client';

import { Download } from 'lucide-react';
import { useLocale, useTranslations } from 'next-intl';
import { useMemo, useState } from 'react';
import { useCan } from '@/components/auth/queries';
import { BackLink } from '@/components/detail/BackLink';
import { TransferProgress } from '@/components/images/TransferProgress';
import { startTransfer, useTransfers } from '@/components/images/transfers';
import { useDeleteTag, useRegistry, useRegistryTags, useRepositories } from '@/components/registries/queries';
import { Button } from '@/components/ui/Button';
import { CliCommand } from '@/components/ui/CliCommand';
import { ConfirmDialog } from '@/components/ui/ConfirmDialog';
import { Table } from '@/components/ui/Table';
import { formatBytes } from '@/lib/format';
import { renderImageCommand } from '@/lib/images/cli';
import { renderDeleteTagCommand } from '@/lib/registries/cli';
import type { RegistryTag } from '@/lib/registries/types';

/** Repositories and tags of a Registry v2 registry, read by the server with the stored credentials. */
export function RegistryBrowser({ id }: { id: number }) {
  const t = useTranslations('registries.browse');
  const registry = useRegistry(id);
  const repos = useRepositories(id);
  const [repository, setRepository] = useState<string | null>(null);
  const [filter, setFilter] = useState('');
  const shown = useMemo(
    () => (repos.data ?? []).filter((r) => r.includes(filter.trim().toLowerCase())),
    [repos.data, filter],
  );

  return (
    <div className="flex flex-col gap-4">
      <BackLink href="/registries" label={t('back')} />
      <h1 className="text-2xl font-semibold">
        {registry.data?.name ?? '…'}{' '}
        <span className="font-mono text-sm text-slate-500">{registry.data?.url}</span>
      </h1>
      {registry.data && <CliCommand command={`curl ${registry.data.url}/v2/_catalog`} />}
      <div className="grid gap-4 lg:grid-cols-[18rem_1fr]">
        <section className="flex flex-col gap-2">
          <h2 className="font-medium">{t('repositories', { count: repos.data?.length ?? 0 })}</h2>
          <input
            type="search"
            value={filter}
            onChange={(e) => setFilter(e.target.value)}
            placeholder={t('filter')}
            aria-label={t('filter')}
            className="rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm dark:border-slate-700 dark:bg-slate-950"
          />
          {repos.isError && (
            <p role="alert" className="text-sm text-red-700 dark:text-red-300" data-testid="registry-error">
              {repos.error.message}
            </p>
          )}
          {repos.isLoading && <p className="text-sm text-slate-500">{t('loading')}</p>}
          <ul className="max-h-[60vh] overflow-auto rounded-md border border-slate-200 dark:border-slate-800">
            {shown.map((r) => (
              <li key={r}>
                <button
                  type="button"
                  onClick={() => setRepository(r)}
                  data-testid="registry-repository"
                  className={`w-full truncate px-3 py-1.5 text-left font-mono text-xs hover:bg-slate-100 dark:hover:bg-slate-800 ${
                    repository === r ? 'bg-sky-50 dark:bg-sky-950' : ''
                  }`}
                >
                  {r}
                </button>
              </li>
            ))}
          </ul>
        </section>
        {repository && registry.data ? (
          <TagList id={id} url={registry.data.url} repository={repository} />
        ) : (
          <p className="text-sm text-slate-500">{t('pick')}</p>
        )}
      </div>
    </div>
  );
}

function TagList({ id, url, repository }: { id: number; url: string; repository: string }) {
  const t = useTranslations('registries.browse');
  const locale = useLocale();
  const tags = useRegistryTags(id, repository);
  const canPull = useCan('images:write');
  const isAdmin = useCan('registries:admin');
  const del = useDeleteTag(id);
  const transfers = useTransfers();
  const [deleting, setDeleting] = useState<RegistryTag | null>(null);
  const [error, setError] = useState<string | null>(null);
  const mine = transfers.filter((tr) => tr.reference.startsWith(`${new URL(url).host}/${repository}:`));

  const pull = async (tag: RegistryTag) => {
    setError(null);
    try {
      await startTransfer('pull', tag.reference, id);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  };

  return (
    <section className="flex flex-col gap-2">
      <h2 className="font-mono font-medium">{repository}</h2>
      {tags.isError && (
        <p role="alert" className="text-sm text-red-700 dark:text-red-300">
          {tags.error.message}
        </p>
      )}
      {error && (
        <p role="alert" className="text-sm text-red-700 dark:text-red-300">
          {error}
        </p>
      )}
      <Table columns={[t('tag'), t('digest'), t('size'), '']}>
        {tags.isLoading && (
          <tr>
            <td colSpan={4} className="p-4 text-slate-500">
              {t('loading')}
            </td>
          </tr>
        )}
        {tags.data?.map((tag) => (
          <tr
            key={tag.tag}
            className="border-b border-slate-100 dark:border-slate-800"
            data-testid="registry-tag"
            data-tag={tag.tag}
          >
            <td className="px-3 py-1.5 font-mono text-xs">{tag.tag}</td>
            <td className="px-3 py-1.5 font-mono text-xs" title={tag.digest ?? ''}>
              {tag.digest ? tag.digest.slice(0, 19) : '—'}
            </td>
            <td className="px-3 py-1.5 text-xs">{tag.size === null ? '—' : formatBytes(tag.size, locale)}</td>
            <td className="px-3 py-1.5">
              <div className="flex justify-end gap-1">
                {canPull && (
                  <Button
                    className="px-2 py-1 text-xs"
                    title={renderImageCommand({ action: 'pull', reference: tag.reference })}
                    onClick={() => void pull(tag)}
                    data-testid="registry-pull"
                  >
                    <Download className="h-3.5 w-3.5" aria-hidden />
                    {t('pull')}
                  </Button>
                )}
                {isAdmin && tag.digest && (
                  <Button variant="danger" className="px-2 py-1 text-xs" onClick={() => setDeleting(tag)}>
                    {t('delete')}
                  </Button>
                )}
              </div>
            </td>
          </tr>
        ))}
      </Table>
      {mine.map((tr) => (
        <TransferProgress key={tr.id} transfer={tr} />
      ))}
      <ConfirmDialog
        open={deleting !== null}
        title={deleting ? t('confirmDelete', { reference: `${repository}:${deleting.tag}` }) : ''}
        command={deleting?.digest ? renderDeleteTagCommand(url, repository, deleting.digest) : undefined}
        confirmLabel={t('delete')}
        danger
        pending={del.isPending}
        onCancel={() => setDeleting(null)}
        onConfirm={() =>
          deleting && del.mutate({ repository, tag: deleting.tag }, { onSuccess: () => setDeleting(null) })
        }
      >
        <p>{t('deleteBody')}</p>
      </ConfirmDialog>
    </section>
  );
}
