'use client';

import { useState } from 'react';
import type { z } from 'zod';
import { ApiError } from '@/components/api/client';
import { errorsByPath, issueErrors } from '@/components/ui/FormField';

/** Field errors by path (`name`, `pools.0.subnet`), as FormField and listErrors read them. */
export type FieldErrors = Record<string, string[]>;

/** The field errors of a form checked with its zod schema before it is sent, and again by the server. */
export function useFieldErrors() {
  const [errors, setErrors] = useState<FieldErrors>({});
  return {
    errors,
    /** Drops the errors of the fields the user edits (`pools` takes `pools.0.subnet` with it). */
    clear: (...fields: string[]) =>
      setErrors((e) =>
        Object.fromEntries(
          Object.entries(e).filter(([path]) => !fields.some((f) => path === f || path.startsWith(`${f}.`))),
        ),
      ),
    reset: () => setErrors({}),
    /** The server validates again with the same schema; checking first only spares a round trip. */
    valid: (schema: z.ZodType, value: unknown): boolean => {
      const checked = schema.safeParse(value);
      if (!checked.success) setErrors(issueErrors(checked.error.issues));
      return checked.success;
    },
    /** A 400 naming fields shows beside them; anything else is left to the toast. */
    fromServer: (err: unknown) => {
      if (err instanceof ApiError && err.fields.length) setErrors(errorsByPath(err.fields));
    },
  };
}
