'use client';

import '@xterm/xterm/css/xterm.css';
import type { Terminal } from '@xterm/xterm';
import { useTranslations } from 'next-intl';
import { useEffect, useRef, useState } from 'react';
import { useEnvironment } from '@/components/environments/current';
import { getSocket } from '@/components/realtime/socket';
import { Button } from '@/components/ui/Button';
import { copyText } from '@/components/ui/CopyButton';
import { skipScrolledOut, TERMINAL_SCROLLBACK } from '@/lib/terminal/scrolled-out';

/** Acknowledge written output in steps this big: half the server's window (64 kB in flight), so it never stalls. */
const ACK_EVERY = 32 * 1024;

interface Props {
  /** exec: a new process (`docker exec -it`); attach: the container's main process (`docker attach`). */
  mode?: 'exec' | 'attach';
  containerId: string;
  command?: string[];
  user?: string;
  workdir?: string;
  onEnd: (message: string | null) => void;
  onStarted: (command: string, readOnly: boolean) => void;
}

/**
 * xterm.js ↔ socket.io ↔ `docker exec -it`. Output is written with xterm's callbacks and acknowledged, so
 * the server pauses the engine stream when the tab cannot keep up; closing the view ends the process.
 */
export function TerminalView({
  mode = 'exec',
  containerId,
  command,
  user,
  workdir,
  onEnd,
  onStarted,
}: Props) {
  const t = useTranslations('terminal');
  const env = useEnvironment();
  const host = useRef<HTMLDivElement>(null);
  const termRef = useRef<Terminal | null>(null);
  const [status, setStatus] = useState<'starting' | 'open' | 'closed'>('starting');
  // Callbacks change identity on each render of the parent; the session must not restart for that.
  const callbacks = useRef({ onEnd, onStarted });
  callbacks.current = { onEnd, onStarted };

  useEffect(() => {
    let disposed = false;
    let sessionId: string | null = null;
    const socket = getSocket();
    const cleanups: (() => void)[] = [];

    void (async () => {
      // Loaded on demand: the terminal is heavy and most pages never open one.
      const [{ Terminal }, { FitAddon }] = await Promise.all([
        import('@xterm/xterm'),
        import('@xterm/addon-fit'),
      ]);
      if (disposed || !host.current) return;
      const term = new Terminal({
        cursorBlink: true,
        fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace',
        fontSize: 13,
        scrollback: TERMINAL_SCROLLBACK,
        theme: { background: '#020617' },
      });
      termRef.current = term;
      const fit = new FitAddon();
      term.loadAddon(fit);
      term.open(host.current);
      fit.fit();
      // Ctrl+Shift+C / Ctrl+Shift+V copy and paste; plain Ctrl+C stays an interrupt for the program.
      term.attachCustomKeyEventHandler((e) => {
        if (e.type === 'keydown' && e.ctrlKey && e.shiftKey && e.code === 'KeyC') {
          void copyText(term.getSelection());
          return false;
        }
        if (e.type === 'keydown' && e.ctrlKey && e.shiftKey && e.code === 'KeyV') {
          void navigator.clipboard?.readText().then((text) => term.paste(text));
          return false;
        }
        return true;
      });

      // One write in xterm at a time: output arriving meanwhile waits here and goes in as one, so under a
      // flood what would scroll out of the scrollback unseen is skipped instead of parsed (bench/exec.ts
      // `ctrlc`: parsing every line of `yes` left the tab behind, and a Ctrl-C waited for all of it).
      const encoder = new TextEncoder();
      let queued: string[] = [];
      let queuedBytes = 0;
      let writing = false;
      let written = 0;
      let acked = 0;
      const pump = () => {
        if (writing || queued.length === 0) return;
        const data = queued.length === 1 ? (queued[0] as string) : queued.join('');
        const bytes = queuedBytes;
        queued = [];
        queuedBytes = 0;
        writing = true;
        term.write(skipScrolledOut(data, term.rows, TERMINAL_SCROLLBACK), () => {
          writing = false;
          written += bytes;
          if (written - acked >= ACK_EVERY && sessionId) {
            acked = written;
            socket.emit('exec:ack', { id: sessionId, bytes: written, env });
          }
          pump();
        });
      };
      /** `bytes`: how much of the session's output this is (acknowledged once written); 0 for our own notices. */
      const print = (data: string, bytes = 0) => {
        queued.push(data);
        queuedBytes += bytes;
        pump();
      };
      const onOutput = (e: { id: string; data: string }) => {
        if (e.id !== sessionId) return;
        print(e.data, encoder.encode(e.data).length);
      };
      const onExit = (e: { id: string; exitCode: number | null; message?: string }) => {
        if (e.id !== sessionId) return;
        sessionId = null;
        setStatus('closed');
        print(`\r\n\x1b[90m[${t('exited', { code: String(e.exitCode ?? '?') })}]\x1b[0m\r\n`);
        callbacks.current.onEnd(e.message ?? null);
      };
      // The server ends every session of a dropped socket: the terminal must not keep saying "Connected".
      const onDisconnect = () => {
        if (!sessionId) return;
        sessionId = null;
        setStatus('closed');
        print(`\r\n\x1b[90m[${t('disconnected')}]\x1b[0m\r\n`);
        callbacks.current.onEnd(t('disconnected'));
      };
      socket.on('exec:output', onOutput);
      socket.on('exec:exit', onExit);
      socket.on('disconnect', onDisconnect);
      cleanups.push(() => {
        socket.off('exec:output', onOutput);
        socket.off('exec:exit', onExit);
        socket.off('disconnect', onDisconnect);
      });

      const data = term.onData(
        (d) => sessionId && socket.emit('exec:input', { id: sessionId, data: d, env }),
      );
      const resize = term.onResize(
        ({ cols, rows }) => sessionId && socket.emit('exec:resize', { id: sessionId, cols, rows, env }),
      );
      const observer = new ResizeObserver(() => fit.fit());
      observer.observe(host.current);
      cleanups.push(() => {
        data.dispose();
        resize.dispose();
        observer.disconnect();
        term.dispose();
      });

      const onAck = (
        res: { ok: true; id: string; command: string; readOnly?: boolean } | { ok: false; error: string },
      ) => {
        if (disposed) {
          if (res.ok) socket.emit('exec:close', { id: res.id, env });
          return;
        }
        if (!res.ok) {
          setStatus('closed');
          print(`\x1b[31m${res.error}\x1b[0m\r\n`);
          callbacks.current.onEnd(res.error);
          return;
        }
        sessionId = res.id;
        setStatus('open');
        if (res.readOnly) term.options.disableStdin = true;
        callbacks.current.onStarted(res.command, !!res.readOnly);
        term.focus();
      };
      if (mode === 'attach') {
        socket.emit('attach:start', { containerId, cols: term.cols, rows: term.rows, env }, onAck);
      } else {
        socket.emit(
          'exec:start',
          {
            containerId,
            ...(command?.length ? { command } : {}),
            ...(user ? { user } : {}),
            ...(workdir ? { workdir } : {}),
            cols: term.cols,
            rows: term.rows,
            env,
          },
          onAck,
        );
      }
    })();

    return () => {
      disposed = true;
      if (sessionId) socket.emit('exec:close', { id: sessionId, env });
      for (const c of cleanups.reverse()) c();
      termRef.current = null;
    };
  }, [mode, containerId, command, user, workdir, t, env]);

  return (
    <div className="flex flex-col gap-2">
      <div className="flex items-center gap-2 text-xs text-slate-500">
        <span data-testid="terminal-status" data-status={status}>
          {t(`status.${status}`)}
        </span>
        <span className="ml-auto">{t('copyHint')}</span>
        <Button
          variant="ghost"
          onClick={() => termRef.current && void copyText(termRef.current.getSelection())}
        >
          {t('copy')}
        </Button>
      </div>
      <div
        ref={host}
        className="h-[60vh] overflow-hidden rounded-lg bg-slate-950 p-2"
        data-testid="terminal"
      />
    </div>
  );
}
