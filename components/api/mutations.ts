'use client';

import { type QueryKey, useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { showError } from '@/components/api/toast';
import { toast } from '@/components/ui/toaster';

interface InvalidatingMutation<TVars, TResult> {
  mutationFn: (vars: TVars) => Promise<TResult>;
  /** Query keys whose data the mutation changes; the mutation stays pending until they have refetched. */
  invalidates: (vars: TVars, result: TResult | undefined) => QueryKey[];
  /** A success toast, already translated. */
  success?: (vars: TVars, result: TResult) => string;
  /** The equivalent `docker` command, shown under the success toast. */
  command?: (vars: TVars) => string;
}

/** Every mutation goes through here: one invalidation path, one error toast. */
export function useInvalidatingMutation<TVars, TResult>(spec: InvalidatingMutation<TVars, TResult>) {
  const queryClient = useQueryClient();
  const t = useTranslations('errors');
  return useMutation({
    mutationFn: spec.mutationFn,
    onSuccess: (result, vars) => {
      if (spec.success) toast.success(spec.success(vars, result), { description: spec.command?.(vars) });
    },
    onError: (err) => showError(err, t),
    onSettled: async (result, _err, vars) => {
      await Promise.all(
        spec.invalidates(vars, result).map((queryKey) => queryClient.invalidateQueries({ queryKey })),
      );
    },
  });
}
