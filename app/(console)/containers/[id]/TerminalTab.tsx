'use client';

import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { TerminalView } from '@/components/terminal/TerminalView';
import { Button } from '@/components/ui/Button';
import { CliCommand } from '@/components/ui/CliCommand';
import { splitWords } from '@/lib/containers/form-state';
import { renderAttachCommand, renderExecCommand } from '@/lib/exec/types';

const input =
  'rounded-md border border-slate-300 bg-white px-2 py-1.5 font-mono text-sm dark:border-slate-700 dark:bg-slate-950';

/**
 * `docker exec -it` in the browser (the best shell by default, or a command, user and working dir), or
 * `docker attach` to the main process.
 */
export function TerminalTab({ id, name, running }: { id: string; name: string; running: boolean }) {
  const t = useTranslations('terminal');
  const [mode, setMode] = useState<'exec' | 'attach'>('exec');
  const [form, setForm] = useState({ command: '', user: '', workdir: '' });
  const [readOnly, setReadOnly] = useState(false);
  const [session, setSession] = useState<{
    key: number;
    mode: 'exec' | 'attach';
    command?: string[];
    user?: string;
    workdir?: string;
  } | null>(null);
  const [ended, setEnded] = useState<string | null>(null);
  const [shown, setShown] = useState<string | null>(null);
  const command = form.command.trim() ? splitWords(form.command) : undefined;
  const preview =
    shown ??
    (mode === 'attach'
      ? renderAttachCommand(name)
      : renderExecCommand({
          name,
          command,
          user: form.user.trim() || undefined,
          workdir: form.workdir.trim() || undefined,
        }));
  const choose = (next: 'exec' | 'attach') => {
    setMode(next);
    setShown(null);
  };

  if (!running) return <p className="text-sm text-slate-500">{t('notRunning')}</p>;
  return (
    <div className="flex flex-col gap-3">
      <form
        className="flex flex-wrap items-end gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          setEnded(null);
          setShown(null);
          setReadOnly(false);
          setSession({
            key: Date.now(),
            mode,
            command,
            user: form.user.trim() || undefined,
            workdir: form.workdir.trim() || undefined,
          });
        }}
      >
        <fieldset className="flex flex-col gap-1 text-sm">
          <legend className="mb-1">{t('modeLabel')}</legend>
          <div className="flex rounded-md border border-slate-300 p-0.5 dark:border-slate-700">
            {(['exec', 'attach'] as const).map((m) => (
              <button
                key={m}
                type="button"
                aria-pressed={mode === m}
                data-testid={`terminal-mode-${m}`}
                onClick={() => choose(m)}
                className={`rounded px-2 py-1 text-sm ${
                  mode === m ? 'bg-sky-600 text-white' : 'text-slate-700 dark:text-slate-300'
                }`}
              >
                {t(`mode.${m}`)}
              </button>
            ))}
          </div>
        </fieldset>
        {mode === 'exec' && (
          <>
            <label className="flex min-w-48 flex-1 flex-col gap-1 text-sm">
              {t('command')}
              <input
                className={input}
                placeholder={t('autoShell')}
                value={form.command}
                onChange={(e) => setForm({ ...form, command: e.target.value })}
              />
            </label>
            <label className="flex w-32 flex-col gap-1 text-sm">
              {t('user')}
              <input
                className={input}
                placeholder="root"
                value={form.user}
                onChange={(e) => setForm({ ...form, user: e.target.value })}
              />
            </label>
            <label className="flex w-40 flex-col gap-1 text-sm">
              {t('workdir')}
              <input
                className={input}
                placeholder="/"
                value={form.workdir}
                onChange={(e) => setForm({ ...form, workdir: e.target.value })}
              />
            </label>
          </>
        )}
        <Button type="submit" variant="primary" data-testid="terminal-connect">
          {session ? t('reconnect') : t('connect')}
        </Button>
        {session && (
          <Button onClick={() => setSession(null)} data-testid="terminal-disconnect">
            {session.mode === 'attach' ? t('detach') : t('disconnect')}
          </Button>
        )}
      </form>
      <CliCommand command={preview} />
      {mode === 'attach' && <p className="text-sm text-slate-500">{t('attachHint')}</p>}
      {readOnly && (
        <p
          role="status"
          data-testid="terminal-readonly"
          className="text-sm text-amber-700 dark:text-amber-400"
        >
          {t('readOnly')}
        </p>
      )}
      {ended && (
        <p role="status" className="text-sm text-amber-700 dark:text-amber-400">
          {ended}
        </p>
      )}
      {session && (
        <TerminalView
          key={session.key}
          mode={session.mode}
          containerId={id}
          command={session.command}
          user={session.user}
          workdir={session.workdir}
          onStarted={(cli, ro) => {
            setShown(cli);
            setReadOnly(ro);
          }}
          onEnd={setEnded}
        />
      )}
    </div>
  );
}
