import type { z } from 'zod';
import { endpoint } from '@/lib/api/endpoint';
import type {
  environmentCheckSchema,
  environmentCreateSchema,
  environmentUpdateSchema,
} from '@/lib/environments/schemas';
import type { EnvironmentCheck, EnvironmentStatus, EnvironmentView } from '@/lib/environments/types';

/**
 * The environments (issue 16). Every other endpoint reaches another engine under `/api/environments/{env}/…`
 * (`/api/environments/prod/containers` is `/api/containers` on prod); the plain `/api/…` paths mean `local`.
 */
export const environmentsApi = {
  list: endpoint<EnvironmentView[]>()('GET', '/api/environments'),
  /** Answered with 201 once the connection check passed (a failed check is a 400 naming the problem). */
  create: endpoint<EnvironmentView, z.input<typeof environmentCreateSchema>>()('POST', '/api/environments'),
  detail: endpoint<EnvironmentView>()('GET', '/api/environments/[env]'),
  update: endpoint<EnvironmentView, z.input<typeof environmentUpdateSchema>>()(
    'PATCH',
    '/api/environments/[env]',
  ),
  remove: endpoint<void>()('DELETE', '/api/environments/[env]'),
  /** Every environment's state now, each read with a short deadline (one unreachable engine slows none). */
  status: endpoint<EnvironmentStatus[]>()('GET', '/api/environments/status'),
  /** Check a saved environment now. */
  check: endpoint<EnvironmentCheck>()('POST', '/api/environments/[env]/check'),
  /** Check what the form holds, before saving. */
  checkTyped: endpoint<EnvironmentCheck, z.input<typeof environmentCheckSchema>>()(
    'POST',
    '/api/environments/check',
  ),
};
