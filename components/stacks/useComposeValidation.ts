'use client';

import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { apiFetch } from '@/components/api/client';
import { useDebounced } from '@/components/ui/useDebounced';
import { stacksApi } from '@/lib/api/stacks';
import type { StackProblem } from '@/lib/stacks/types';
import { yamlProblems } from '@/lib/stacks/yaml-lines';

/** Compose's verdict waits for a pause in typing: each check runs the real `docker compose config`. */
const DEBOUNCE_MS = 700;

export interface StackFilesDraft {
  name?: string;
  compose: string;
  override?: string;
  env?: string;
}

export type ComposeVerdict = 'syntax' | 'checking' | 'ok' | 'invalid' | 'unavailable' | 'empty' | 'unchecked';

/**
 * Problems of the files being typed: YAML syntax at once (in the browser), then Compose's own verdict after a
 * pause (POST /api/stacks/validate, which writes nothing). Compose's problems are shown only for the text they
 * were found in, so a line number never points into newer text.
 */
export function useComposeValidation(draft: StackFilesDraft, enabled = true) {
  const syntax = useMemo(
    () => [
      ...yamlProblems(draft.compose, 'compose'),
      ...(draft.override?.trim() ? yamlProblems(draft.override, 'override') : []),
    ],
    [draft.compose, draft.override],
  );
  const debounced = useDebounced(draft, DEBOUNCE_MS);
  const settled =
    debounced.compose === draft.compose &&
    debounced.override === draft.override &&
    debounced.env === draft.env &&
    debounced.name === draft.name;
  const checkable = enabled && syntax.length === 0 && draft.compose.trim().length > 0;
  const remote = useQuery({
    queryKey: ['stacks', 'validate', debounced] as const,
    queryFn: ({ signal }) =>
      apiFetch(stacksApi.validate, {
        json: {
          compose: debounced.compose,
          ...(debounced.override?.trim() ? { override: debounced.override } : {}),
          ...(debounced.env?.trim() ? { env: debounced.env } : {}),
          ...(debounced.name ? { name: debounced.name } : {}),
        },
        signal,
      }),
    enabled: checkable && settled,
    staleTime: Number.POSITIVE_INFINITY,
    gcTime: 60_000,
    retry: false,
  });

  const current = checkable && settled && remote.data ? remote.data : null;
  const problems: StackProblem[] = syntax.length ? syntax : (current?.problems ?? []);
  const verdict: ComposeVerdict = !draft.compose.trim()
    ? 'empty'
    : syntax.length
      ? 'syntax'
      : !enabled
        ? 'unchecked'
        : !settled || remote.isFetching
          ? 'checking'
          : remote.isError
            ? 'unavailable'
            : current
              ? current.ok
                ? 'ok'
                : 'invalid'
              : 'checking';
  return {
    problems,
    verdict,
    services: current?.ok ? current.services : [],
    error: remote.isError ? remote.error.message : null,
  };
}
