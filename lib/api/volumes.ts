import type { UploadResult } from '@/lib/api/containers';
import { endpoint } from '@/lib/api/endpoint';
import type { DirectoryListing } from '@/lib/containers/types';
import type { PruneFiltersInput, PrunePreview, PruneResult } from '@/lib/prune/types';
import type { VolumeCreateInput } from '@/lib/volumes/form';
import type { VolumeBrowseTarget, VolumeDetail, VolumeSummary, VolumeUsage } from '@/lib/volumes/types';

export type VolumeListing = DirectoryListing & { target: VolumeBrowseTarget };

/** The volume endpoints, shared by their routes (app/api/volumes) and the browser. */
export const volumesApi = {
  list: endpoint<VolumeSummary[]>()('GET', '/api/volumes'),
  /** Answered with 201. */
  create: endpoint<VolumeSummary, VolumeCreateInput>()('POST', '/api/volumes'),
  usage: endpoint<VolumeUsage>()('GET', '/api/volumes/usage'),
  detail: endpoint<VolumeDetail>()('GET', '/api/volumes/[name]'),
  remove: endpoint<void>()('DELETE', '/api/volumes/[name]'),
  files: endpoint<VolumeListing, undefined, { path?: string }>()('GET', '/api/volumes/[name]/files'),
  /** The body is the file (or a tar) itself, sent raw. */
  upload: endpoint<UploadResult, undefined, { path: string; filename?: string }>()(
    'PUT',
    '/api/volumes/[name]/archive',
  ),
  /** `filters` is the JSON of PruneFilters. */
  prunePreview: endpoint<PrunePreview, undefined, { filters?: string; all?: boolean }>()(
    'GET',
    '/api/volumes/prune',
  ),
  prune: endpoint<PruneResult, { filters?: PruneFiltersInput; all?: boolean; ids?: string[] }>()(
    'POST',
    '/api/volumes/prune',
  ),
};
