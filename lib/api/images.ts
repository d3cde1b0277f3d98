import type { z } from 'zod';
import { endpoint } from '@/lib/api/endpoint';
import type { pruneBody, pullBody, removeImagesBody, tagImageBody } from '@/lib/images/schemas';
import type {
  BuildContext,
  ImageDetail,
  ImageFilter,
  ImageHistoryEntry,
  ImageSummary,
  ImageUpdateStatus,
  ImportResult,
  LoadResult,
  PrunePreview,
  PruneResult,
  PullResult,
  RemoveResult,
  SearchResult,
  TagResult,
} from '@/lib/images/types';

/** The image endpoints, shared by their routes (app/api/images) and the browser. */
export const imagesApi = {
  list: endpoint<ImageSummary[], undefined, { all?: boolean; filter?: ImageFilter; search?: string }>()(
    'GET',
    '/api/images',
  ),
  detail: endpoint<ImageDetail>()('GET', '/api/images/[id]'),
  history: endpoint<ImageHistoryEntry[]>()('GET', '/api/images/[id]/history'),
  remove: endpoint<{ results: RemoveResult[] }, z.input<typeof removeImagesBody>>()(
    'POST',
    '/api/images/remove',
  ),
  tag: endpoint<TagResult, z.input<typeof tagImageBody>>()('POST', '/api/images/tag'),
  prunePreview: endpoint<PrunePreview, undefined, { all?: boolean; labels?: string }>()(
    'GET',
    '/api/images/prune',
  ),
  prune: endpoint<PruneResult, z.input<typeof pruneBody>>()('POST', '/api/images/prune'),
  search: endpoint<SearchResult[], undefined, { term: string; limit?: number }>()(
    'GET',
    '/api/images/search',
  ),
  /** Cached update checks only (never reaches a registry). */
  updates: endpoint<ImageUpdateStatus[]>()('GET', '/api/images/updates'),
  /** Check the registries now, for the given references or every tag containers use. */
  checkUpdates: endpoint<ImageUpdateStatus[], { references?: string[] }>()('POST', '/api/images/updates'),
  pull: endpoint<PullResult, z.input<typeof pullBody>>()('POST', '/api/images/pull'),
  /** The body is a `docker save` tar, sent raw. */
  load: endpoint<LoadResult>()('POST', '/api/images/load'),
  /** The body is a root filesystem tar, sent raw. */
  import: endpoint<ImportResult, undefined, { reference?: string }>()('POST', '/api/images/import'),
  /** The body is the build context tar, sent raw; answered with 201. */
  buildContext: endpoint<BuildContext>()('POST', '/api/images/build/context'),
};
