'use client';

import type { UseQueryResult } from '@tanstack/react-query';
import { Download, File, Folder, Link2, Upload } from 'lucide-react';
import { useLocale, useTranslations } from 'next-intl';
import { useEffect, useRef, useState } from 'react';
import { useEnvironment } from '@/components/environments/current';
import { withEnv } from '@/components/environments/paths';
import { Button } from '@/components/ui/Button';
import { CliCommand } from '@/components/ui/CliCommand';
import { Table } from '@/components/ui/Table';
import type { DirectoryListing } from '@/lib/containers/types';
import { formatBytes } from '@/lib/format';

function parentOf(path: string): string {
  const parent = path.replace(/\/+$/, '').split('/').slice(0, -1).join('/');
  return parent || '/';
}

interface FileBrowserProps {
  /** The directory shown, absolute within what is browsed (a container, or a volume's root). */
  path: string;
  onNavigate: (path: string) => void;
  files: UseQueryResult<DirectoryListing>;
  archiveUrl: (path: string, format: 'raw' | 'tar') => string;
  /** Absent when the user may not write here. */
  upload?: { run: (file: File, dir: string) => void; pending: boolean };
  /** The `docker cp` equivalent for the directory shown. */
  command: string;
}

/** `docker cp` from the browser: browse a directory, download files or folders, upload into it. */
export function FileBrowser({ path, onNavigate, files, archiveUrl, upload, command }: FileBrowserProps) {
  const t = useTranslations('containers.files');
  const env = useEnvironment();
  const locale = useLocale();
  const [pathInput, setPathInput] = useState(path);
  const fileInput = useRef<HTMLInputElement>(null);
  useEffect(() => setPathInput(path), [path]);
  const go = (p: string) => {
    setPathInput(p);
    onNavigate(p);
  };
  const crumbs = path.split('/').filter(Boolean);

  return (
    <div className="flex flex-col gap-3">
      <form
        className="flex flex-wrap items-center gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          go(pathInput.startsWith('/') ? pathInput : `/${pathInput}`);
        }}
      >
        <input
          aria-label={t('path')}
          value={pathInput}
          onChange={(e) => setPathInput(e.target.value)}
          className="min-w-48 flex-1 rounded-md border border-slate-300 bg-white px-2 py-1.5 font-mono text-sm dark:border-slate-700 dark:bg-slate-950"
          data-testid="files-path"
        />
        <Button type="submit">{t('open')}</Button>
        <input
          ref={fileInput}
          type="file"
          className="hidden"
          data-testid="files-upload-input"
          onChange={(e) => {
            const file = e.target.files?.[0];
            if (file) upload?.run(file, path);
            e.target.value = '';
          }}
        />
        {upload && (
          <Button variant="primary" onClick={() => fileInput.current?.click()} disabled={upload.pending}>
            <Upload className="h-4 w-4" aria-hidden />
            {t('upload')}
          </Button>
        )}
        <a
          href={withEnv(archiveUrl(path, 'tar'), env)}
          className="inline-flex items-center gap-1.5 rounded-md border border-slate-300 px-3 py-1.5 text-sm font-medium hover:bg-slate-50 dark:border-slate-700 dark:hover:bg-slate-800"
        >
          <Download className="h-4 w-4" aria-hidden />
          {t('downloadFolder')}
        </a>
      </form>
      <nav className="flex flex-wrap items-center gap-1 font-mono text-sm" aria-label={t('path')}>
        <button className="text-sky-700 hover:underline dark:text-sky-400" onClick={() => go('/')}>
          /
        </button>
        {crumbs.map((c, i) => {
          const p = `/${crumbs.slice(0, i + 1).join('/')}`;
          return (
            <span key={p} className="flex items-center gap-1">
              <button className="text-sky-700 hover:underline dark:text-sky-400" onClick={() => go(p)}>
                {c}
              </button>
              {i < crumbs.length - 1 && <span className="text-slate-400">/</span>}
            </span>
          );
        })}
      </nav>
      <CliCommand command={command} />
      {files.isError ? (
        <p role="alert" className="text-sm text-red-600">
          {files.error.message}
        </p>
      ) : (
        <Table
          columns={[t('name'), t('size'), t('modified'), '']}
          testId="files-table"
          after={
            <>
              {files.data?.truncated && <p className="p-3 text-xs text-amber-700">{t('truncated')}</p>}
              {files.data?.entries.length === 0 && (
                <p className="p-3 text-sm text-slate-500">{t('emptyDir')}</p>
              )}
            </>
          }
        >
          {path !== '/' && (
            <tr className="border-b border-slate-100 dark:border-slate-800">
              <td className="px-3 py-1.5" colSpan={4}>
                <button
                  className="flex items-center gap-2 text-sky-700 hover:underline dark:text-sky-400"
                  onClick={() => go(parentOf(path))}
                >
                  <Folder className="h-4 w-4" aria-hidden />
                  ..
                </button>
              </td>
            </tr>
          )}
          {files.data?.entries.map((entry) => (
            <tr
              key={entry.path}
              className="border-b border-slate-100 dark:border-slate-800"
              data-testid="file-row"
              data-name={entry.name}
            >
              <td className="px-3 py-1.5">
                {entry.type === 'directory' ? (
                  <button
                    className="flex items-center gap-2 text-sky-700 hover:underline dark:text-sky-400"
                    onClick={() => go(entry.path)}
                  >
                    <Folder className="h-4 w-4" aria-hidden />
                    {entry.name}
                  </button>
                ) : (
                  <span className="flex items-center gap-2">
                    {entry.type === 'symlink' ? (
                      <Link2 className="h-4 w-4" aria-hidden />
                    ) : (
                      <File className="h-4 w-4" aria-hidden />
                    )}
                    {entry.name}
                    {entry.linkTarget && <span className="text-xs text-slate-500">→ {entry.linkTarget}</span>}
                  </span>
                )}
              </td>
              <td className="px-3 py-1.5 text-slate-500">
                {entry.type === 'file' ? formatBytes(entry.size, locale) : ''}
              </td>
              <td className="px-3 py-1.5 text-slate-500">
                {entry.modified ? new Date(entry.modified).toLocaleString(locale) : ''}
              </td>
              <td className="px-3 py-1.5 text-right">
                {(entry.type === 'file' || entry.type === 'directory') && (
                  <a
                    href={withEnv(archiveUrl(entry.path, entry.type === 'file' ? 'raw' : 'tar'), env)}
                    className="inline-flex items-center gap-1 text-sky-700 hover:underline dark:text-sky-400"
                    data-testid="file-download"
                    aria-label={t('downloadOne', { name: entry.name })}
                  >
                    <Download className="h-4 w-4" aria-hidden />
                  </a>
                )}
              </td>
            </tr>
          ))}
        </Table>
      )}
    </div>
  );
}
