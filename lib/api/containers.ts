import type { z } from 'zod';
import { endpoint } from '@/lib/api/endpoint';
import type { containerActionSchema } from '@/lib/containers/actions';
import type { ContainerFormInput } from '@/lib/containers/form';
import type { ContainerPage, ContainerSort, SortOrder } from '@/lib/containers/paging';
import type {
  ContainerAction,
  ContainerDetail,
  ContainerSettings,
  ContainerStateFilter,
  ContainerSummary,
  CreatedContainer,
  DirectoryListing,
  FilesystemChange,
  LogLine,
  ProcessList,
  RecreateResult,
} from '@/lib/containers/types';

type ActionInput = z.input<typeof containerActionSchema>;
/** An action's options without the action itself, which is the last segment of the path. */
export type ContainerActionBody = ActionInput extends infer A
  ? A extends { action: ContainerAction }
    ? Omit<A, 'action'>
    : never
  : never;

export interface ContainerActionResult {
  ok: true;
  /** The new image of a commit. */
  imageId?: string;
}

export interface UploadResult {
  ok: true;
  /** Where a single file landed; absent for an extracted tar. */
  path?: string;
}

/** `POST /api/containers/run`: a `docker run …` or `docker create …` line, for automation (issue 15). */
export interface RunCommandBody {
  command: string;
}

export interface RunCommandResult extends CreatedContainer {
  /** The command as Berth reads it back (what the create form would show). */
  command: string;
  /** What was guessed or is only informative (e.g. `-d` given to docker create). */
  warnings: string[];
}

/**
 * `POST /api/containers/{id}/recreate`: replace the container under its name (stop, rename aside, create, start,
 * remove the old one only once the new one runs; otherwise roll back). Without `form`, its own settings (as
 * GET …/settings reads them); `pull` pulls the image reference first (recreate with a newer image).
 */
export interface RecreateBody {
  form?: ContainerFormInput;
  pull?: boolean;
}

/** The container endpoints, shared by their routes (app/api/containers) and the browser. */
export const containersApi = {
  list: endpoint<
    ContainerSummary[],
    undefined,
    { all?: boolean; state?: ContainerStateFilter; search?: string }
  >()('GET', '/api/containers'),
  /**
   * One page of the list, sorted and filtered on the server (keyset: pass `nextCursor` back as `cursor`). For
   * automation and large engines; a container named `page` is reached by its id.
   */
  page: endpoint<
    ContainerPage,
    undefined,
    {
      q?: string;
      state?: ContainerStateFilter;
      sort?: ContainerSort;
      order?: SortOrder;
      limit?: number;
      cursor?: string;
    }
  >()('GET', '/api/containers/page'),
  create: endpoint<CreatedContainer, ContainerFormInput>()('POST', '/api/containers'),
  run: endpoint<RunCommandResult, RunCommandBody>()('POST', '/api/containers/run'),
  detail: endpoint<ContainerDetail>()('GET', '/api/containers/[id]'),
  remove: endpoint<void, undefined, { force?: boolean; volumes?: boolean }>()(
    'DELETE',
    '/api/containers/[id]',
  ),
  settings: endpoint<ContainerSettings>()('GET', '/api/containers/[id]/settings'),
  recreate: endpoint<RecreateResult, RecreateBody>()('POST', '/api/containers/[id]/recreate'),
  action: endpoint<ContainerActionResult, ContainerActionBody>()('POST', '/api/containers/[id]/[action]'),
  top: endpoint<ProcessList, undefined, { ps_args?: string }>()('GET', '/api/containers/[id]/top'),
  changes: endpoint<FilesystemChange[]>()('GET', '/api/containers/[id]/changes'),
  logs: endpoint<
    LogLine[],
    undefined,
    { tail?: number | 'all'; timestamps?: boolean; since?: number; until?: number }
  >()('GET', '/api/containers/[id]/logs'),
  files: endpoint<DirectoryListing, undefined, { path?: string }>()('GET', '/api/containers/[id]/files'),
  /** The body is the file (or a tar) itself, sent raw. */
  upload: endpoint<UploadResult, undefined, { path: string; filename?: string }>()(
    'PUT',
    '/api/containers/[id]/archive',
  ),
};
