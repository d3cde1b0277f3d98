'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { LOCAL_ENV } from '@/components/containers/queries';
import { getSocket } from '@/components/realtime/socket';
import { stackKeys } from '@/components/stacks/queries';
import type { StackRun } from '@/lib/stacks/schemas';
import type { StackActionResult } from '@/lib/stacks/types';

/** Memory bound of one output panel: older lines are dropped past this. */
const MAX_LINES = 5_000;

export type RunPhase = 'idle' | 'starting' | 'running' | 'done';

export interface StackRunState {
  phase: RunPhase;
  /** What was asked, so the panel can say which action this output is of. */
  run: StackRun | null;
  /** The command line the server runs (its own rendering), once it started. */
  command: string | null;
  lines: string[];
  result: StackActionResult | null;
  /** Refused before it started (permission, policy, a stack already busy). */
  error: string | null;
  /** Counts the runs this page started, so the output on screen can be told from the previous run's. */
  seq: number;
}

const IDLE: StackRunState = {
  phase: 'idle',
  run: null,
  command: null,
  lines: [],
  result: null,
  error: null,
  seq: 0,
};

/**
 * One stack action at a time with its live output: `stack:run`, then `stack:output` batches, then one
 * `stack:end`. The action belongs to this page's socket: leaving the page cancels it (as the build page does).
 */
export function useStackRun(onEnd?: (result: StackActionResult, run: StackRun) => void) {
  const queryClient = useQueryClient();
  const [state, setState] = useState<StackRunState>(IDLE);
  const idRef = useRef<string | null>(null);
  const runRef = useRef<StackRun | null>(null);
  const onEndRef = useRef(onEnd);
  onEndRef.current = onEnd;

  useEffect(() => {
    const socket = getSocket();
    const onOutput = (e: { id: string; lines: string[] }) => {
      if (e.id !== idRef.current) return;
      setState((s) => ({ ...s, lines: [...s.lines, ...e.lines].slice(-MAX_LINES) }));
    };
    const onFinish = (e: { id: string; result: StackActionResult }) => {
      if (e.id !== idRef.current) return;
      idRef.current = null;
      setState((s) => ({ ...s, phase: 'done', result: e.result }));
      void queryClient.invalidateQueries({ queryKey: stackKeys.all(LOCAL_ENV) });
      void queryClient.invalidateQueries({ queryKey: stackKeys.files(LOCAL_ENV) });
      if (runRef.current) onEndRef.current?.(e.result, runRef.current);
    };
    socket.on('stack:output', onOutput);
    socket.on('stack:end', onFinish);
    return () => {
      socket.off('stack:output', onOutput);
      socket.off('stack:end', onFinish);
      if (idRef.current) socket.emit('stack:cancel', { id: idRef.current });
    };
  }, [queryClient]);

  const start = useCallback((run: StackRun) => {
    runRef.current = run;
    setState((s) => ({ ...IDLE, phase: 'starting', run, seq: s.seq + 1 }));
    getSocket().emit('stack:run', run, (res) => {
      if (!res.ok) {
        setState((s) => ({ ...s, phase: 'idle', error: res.error }));
        return;
      }
      idRef.current = res.id;
      setState((s) => ({ ...s, phase: 'running', command: res.command }));
    });
  }, []);

  const cancel = useCallback(() => {
    if (idRef.current) getSocket().emit('stack:cancel', { id: idRef.current });
  }, []);

  const busy = state.phase === 'starting' || state.phase === 'running';
  return { ...state, busy, start, cancel };
}
