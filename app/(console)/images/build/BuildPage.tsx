'use client';

import { useQueryClient } from '@tanstack/react-query';
import { Hammer } from 'lucide-react';
import dynamic from 'next/dynamic';
import { useTranslations } from 'next-intl';
import { useEffect, useMemo, useRef, useState } from 'react';
import { ApiError, apiFetch } from '@/components/api/client';
import { BackLink } from '@/components/detail/BackLink';
import { currentEnvironment, useEnvironment } from '@/components/environments/current';
import Link from '@/components/environments/EnvLink';
import { imageKeys } from '@/components/images/queries';
import { FilterTabs } from '@/components/list/ListToolbar';
import { getSocket } from '@/components/realtime/socket';
import { Button } from '@/components/ui/Button';
import { CliCommand } from '@/components/ui/CliCommand';
import { imagesApi } from '@/lib/api/images';
import { shortId } from '@/lib/format';
import type { BuildRequest, BuildResult } from '@/lib/images/build';
import { renderImageCommand } from '@/lib/images/cli';

const BUILD_SOURCES = ['editor', 'upload'] as const;
type BuildSource = (typeof BUILD_SOURCES)[number];

// CodeMirror is loaded on this page only, and only in the browser.
const DockerfileEditor = dynamic(() => import('@/components/images/DockerfileEditor'), {
  ssr: false,
  loading: () => <div className="h-64 animate-pulse rounded-md bg-slate-100 dark:bg-slate-800" />,
});

const MAX_LINES = 5_000;
const EXAMPLE = 'FROM busybox:latest\nRUN echo "hello from Berth" > /hello\nCMD ["cat", "/hello"]\n';

const words = (text: string) =>
  text
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean);
const lines = (text: string) =>
  text
    .split('\n')
    .map((s) => s.trim())
    .filter(Boolean);

export function BuildPage() {
  const env = useEnvironment();
  const t = useTranslations('images.build');
  const queryClient = useQueryClient();
  const [source, setSource] = useState<BuildSource>('editor');
  const [dockerfile, setDockerfile] = useState(EXAMPLE);
  const [file, setFile] = useState<File | null>(null);
  const [dockerfilePath, setDockerfilePath] = useState('Dockerfile');
  const [tags, setTags] = useState('');
  const [buildArgs, setBuildArgs] = useState('');
  const [target, setTarget] = useState('');
  const [noCache, setNoCache] = useState(false);
  const [pull, setPull] = useState(false);
  const [log, setLog] = useState<string[]>([]);
  const [buildId, setBuildId] = useState<string | null>(null);
  const [phase, setPhase] = useState<'idle' | 'uploading' | 'running' | 'done'>('idle');
  const [result, setResult] = useState<BuildResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const logRef = useRef<HTMLPreElement>(null);
  const idRef = useRef<string | null>(null);

  const command = useMemo(
    () =>
      renderImageCommand({
        action: 'build',
        tags: words(tags),
        buildArgs: lines(buildArgs),
        target: target.trim() || undefined,
        noCache,
        pull,
        context: source === 'upload' ? '-' : '.',
      }) + (source === 'upload' && file ? ` < ${file.name}` : ''),
    [tags, buildArgs, target, noCache, pull, source, file],
  );

  useEffect(() => {
    const socket = getSocket();
    const onOutput = (e: { id: string; lines: string[] }) => {
      if (e.id !== idRef.current) return;
      setLog((prev) => [...prev, ...e.lines].slice(-MAX_LINES));
    };
    const onEnd = (e: { id: string; result: BuildResult }) => {
      if (e.id !== idRef.current) return;
      setResult(e.result);
      setPhase('done');
      void queryClient.invalidateQueries({ queryKey: imageKeys.all(env) });
    };
    socket.on('build:output', onOutput);
    socket.on('build:end', onEnd);
    return () => {
      socket.off('build:output', onOutput);
      socket.off('build:end', onEnd);
      // Leaving the page stops watching, and a build nobody watches is stopped.
      if (idRef.current) socket.emit('build:cancel', { id: idRef.current });
    };
  }, [queryClient, env]);

  // Follow the log as it grows.
  const lineCount = log.length;
  useEffect(() => {
    const el = logRef.current;
    if (el && lineCount) el.scrollTop = el.scrollHeight;
  }, [lineCount]);

  const start = async () => {
    setError(null);
    setResult(null);
    setLog([]);
    let payload: BuildRequest = {
      tags: words(tags),
      buildArgs: lines(buildArgs),
      ...(target.trim() ? { target: target.trim() } : {}),
      noCache,
      pull,
    };
    try {
      if (source === 'upload') {
        if (!file) return setError(t('needFile'));
        setPhase('uploading');
        const uploaded = await apiFetch(imagesApi.buildContext, {
          body: file,
          headers: { 'content-type': 'application/x-tar' },
        });
        payload = {
          ...payload,
          contextId: uploaded.contextId,
          dockerfilePath: dockerfilePath.trim() || 'Dockerfile',
        };
      } else {
        payload = { ...payload, dockerfile };
      }
    } catch (err) {
      setPhase('idle');
      return setError(err instanceof ApiError ? err.message : String(err));
    }
    setPhase('running');
    getSocket().emit('build:start', { ...payload, env: currentEnvironment() }, (res) => {
      if (!res.ok) {
        setPhase('idle');
        setError(res.error);
        return;
      }
      idRef.current = res.id;
      setBuildId(res.id);
    });
  };

  const cancel = () => {
    if (buildId) getSocket().emit('build:cancel', { id: buildId });
  };

  const failed = result && !result.ok ? result : null;
  return (
    <div className="flex flex-col gap-4">
      <BackLink href="/images" label={t('back')} />
      <h1 className="text-2xl font-semibold">{t('title')}</h1>
      <FilterTabs
        options={BUILD_SOURCES}
        value={source}
        onChange={setSource}
        label={(s) => t(`source.${s}`)}
        className="self-start"
      />
      {source === 'editor' ? (
        <DockerfileEditor
          value={dockerfile}
          onChange={setDockerfile}
          errorAt={failed?.failedStep?.line ?? null}
          label={t('dockerfile')}
        />
      ) : (
        <div className="flex flex-wrap gap-4 text-sm">
          <label className="flex flex-col gap-1">
            <span className="font-medium">{t('contextFile')}</span>
            <input
              type="file"
              accept=".tar,application/x-tar"
              onChange={(e) => setFile(e.target.files?.[0] ?? null)}
            />
          </label>
          <label className="flex flex-col gap-1">
            <span className="font-medium">{t('dockerfilePath')}</span>
            <input
              value={dockerfilePath}
              onChange={(e) => setDockerfilePath(e.target.value)}
              className="rounded-md border border-slate-300 bg-white px-2 py-1.5 font-mono dark:border-slate-700 dark:bg-slate-950"
            />
          </label>
        </div>
      )}
      <div className="grid gap-3 text-sm sm:grid-cols-2">
        <label className="flex flex-col gap-1">
          <span className="font-medium">{t('tags')}</span>
          <input
            name="tags"
            value={tags}
            onChange={(e) => setTags(e.target.value)}
            placeholder="team/app:1.0 team/app:latest"
            className="rounded-md border border-slate-300 bg-white px-2 py-1.5 font-mono dark:border-slate-700 dark:bg-slate-950"
          />
        </label>
        <label className="flex flex-col gap-1">
          <span className="font-medium">{t('target')}</span>
          <input
            name="target"
            value={target}
            onChange={(e) => setTarget(e.target.value)}
            className="rounded-md border border-slate-300 bg-white px-2 py-1.5 font-mono dark:border-slate-700 dark:bg-slate-950"
          />
        </label>
        <label className="flex flex-col gap-1">
          <span className="font-medium">{t('buildArgs')}</span>
          <textarea
            name="buildArgs"
            value={buildArgs}
            onChange={(e) => setBuildArgs(e.target.value)}
            rows={3}
            placeholder="VERSION=1.2"
            className="rounded-md border border-slate-300 bg-white px-2 py-1.5 font-mono dark:border-slate-700 dark:bg-slate-950"
          />
        </label>
        <div className="flex flex-col gap-2 pt-6">
          <label className="flex items-center gap-2">
            <input type="checkbox" checked={noCache} onChange={(e) => setNoCache(e.target.checked)} />
            {t('noCache')}
          </label>
          <label className="flex items-center gap-2">
            <input type="checkbox" checked={pull} onChange={(e) => setPull(e.target.checked)} />
            {t('pull')}
          </label>
        </div>
      </div>
      <CliCommand command={command} />
      <div className="flex items-center gap-2">
        <Button
          variant="primary"
          onClick={() => void start()}
          disabled={phase === 'running' || phase === 'uploading'}
          data-testid="build-start"
        >
          <Hammer className="h-4 w-4" aria-hidden />
          {phase === 'uploading' ? t('uploading') : t('start')}
        </Button>
        {phase === 'running' && <Button onClick={cancel}>{t('cancel')}</Button>}
        <span className="text-sm text-slate-500" data-testid="build-status">
          {phase === 'running' && t('running')}
          {result?.ok && t('succeeded', { id: shortId(result.imageId ?? '') })}
          {result?.cancelled && t('cancelled')}
        </span>
      </div>
      {error && (
        <p role="alert" className="text-sm text-red-700 dark:text-red-300">
          {error}
        </p>
      )}
      {failed && !failed.cancelled && (
        <div
          role="alert"
          className="rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-800 dark:border-red-900 dark:bg-red-950 dark:text-red-200"
          data-testid="build-error"
        >
          {failed.failedStep && failed.failedStep.number > 0 && (
            <p className="font-medium">
              {t('failedStep', {
                step: failed.failedStep.number,
                total: failed.failedStep.total,
                instruction: failed.failedStep.instruction,
              })}
              {failed.failedStep.line !== null && ` ${t('atLine', { line: failed.failedStep.line })}`}
            </p>
          )}
          {failed.failedStep && failed.failedStep.number === 0 && failed.failedStep.line !== null && (
            <p className="font-medium">{t('atLine', { line: failed.failedStep.line })}</p>
          )}
          <p className="font-mono text-xs">{failed.error}</p>
        </div>
      )}
      {result?.ok && result.imageId && (
        <Link
          href={`/images/${result.imageId.replace(/^sha256:/, '')}`}
          className="text-sm text-sky-700 hover:underline dark:text-sky-400"
        >
          {t('openImage')}
        </Link>
      )}
      {log.length > 0 && (
        <pre
          ref={logRef}
          className="max-h-96 overflow-auto rounded-md bg-slate-950 p-3 font-mono text-xs text-slate-100"
          data-testid="build-log"
        >
          {log.join('\n')}
        </pre>
      )}
    </div>
  );
}
