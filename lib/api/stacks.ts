import type { z } from 'zod';
import { endpoint } from '@/lib/api/endpoint';
import type {
  createStackBody,
  rollbackBody,
  stackActionBody,
  updateStackBody,
  validateStackBody,
} from '@/lib/stacks/schemas';
import type {
  StackActionResponse,
  StackConfig,
  StackDetail,
  StackSummary,
  StackValidation,
} from '@/lib/stacks/types';

/** The stack endpoints (issue 14), shared by their routes (app/api/stacks) and the browser. */
export const stacksApi = {
  list: endpoint<StackSummary[]>()('GET', '/api/stacks'),
  /** Saves the files and, unless `deploy: false`, runs `up -d` (201; the action's output in `deployed`). */
  create: endpoint<
    { stack: StackDetail; deployed: StackActionResponse | null },
    z.input<typeof createStackBody>
  >()('POST', '/api/stacks'),
  /** Compose's verdict on files without saving anything (`docker compose config`), with lines. */
  validate: endpoint<StackValidation, z.input<typeof validateStackBody>>()('POST', '/api/stacks/validate'),
  detail: endpoint<StackDetail, undefined, { reveal?: boolean }>()('GET', '/api/stacks/[name]'),
  update: endpoint<
    { stack: StackDetail; deployed: StackActionResponse | null },
    z.input<typeof updateStackBody>
  >()('PUT', '/api/stacks/[name]'),
  /** `down` (with `-v` when `volumes` and `confirm` lists them) and the files removed. */
  remove: endpoint<StackActionResponse, undefined, { volumes?: boolean; confirm?: string }>()(
    'DELETE',
    '/api/stacks/[name]',
  ),
  action: endpoint<StackActionResponse, z.input<typeof stackActionBody>>()(
    'POST',
    '/api/stacks/[name]/[action]',
  ),
  config: endpoint<StackConfig>()('GET', '/api/stacks/[name]/config'),
  /** The text of one saved version. */
  version: endpoint<{ version: number; compose: string; override: string | null; env: string | null }>()(
    'GET',
    '/api/stacks/[name]/versions/[version]',
  ),
  rollback: endpoint<
    { stack: StackDetail; deployed: StackActionResponse | null },
    z.input<typeof rollbackBody>
  >()('POST', '/api/stacks/[name]/rollback'),
  /** Admin: take over an external stack (its files are copied into BERTH_DATA_DIR/stacks/<name>). */
  adopt: endpoint<StackDetail>()('POST', '/api/stacks/[name]/adopt'),
  /** The named volumes `down -v` would remove (what the confirmation names). */
  volumes: endpoint<{ volumes: string[] }>()('GET', '/api/stacks/[name]/volumes'),
};
