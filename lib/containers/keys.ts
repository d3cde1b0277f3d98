import type { ContainerSort, SortOrder } from '@/lib/containers/paging';
import type { ContainerStateFilter } from '@/lib/containers/types';

/** Query keys, shared by the browser's hooks and the server components that prefetch into them. */
/** Until several hosts land, every query is for the one local engine. */
export const LOCAL_ENV = 'local';

/**
 * Every engine query sits under `['docker', env, resource]`: an engine event refetches the queries of one
 * resource, a resync of the event stream all of them. Each resource's factory starts from `resource`.
 */
export const dockerKeys = {
  all: ['docker'] as const,
  env: (env: string) => [...dockerKeys.all, env] as const,
  resource: (env: string, resource: string) => [...dockerKeys.env(env), resource] as const,
};

export interface ContainerListFilters {
  state: ContainerStateFilter;
}

/** The paged list's query: server-side search, sort and keyset pages (`GET /api/containers/page`). */
export interface ContainerPageFilters {
  state: ContainerStateFilter;
  q: string;
  sort: ContainerSort;
  order: SortOrder;
}

export const containerKeys = {
  all: (env: string) => dockerKeys.resource(env, 'containers'),
  lists: (env: string) => [...containerKeys.all(env), 'list'] as const,
  list: (env: string, f: ContainerListFilters) => [...containerKeys.lists(env), f] as const,
  /** Under `lists`: whatever refetches the lists refetches the pages too. */
  pages: (env: string, f: ContainerPageFilters) => [...containerKeys.lists(env), 'pages', f] as const,
  detail: (env: string, id: string) => [...containerKeys.all(env), 'detail', id] as const,
  top: (env: string, id: string) => [...containerKeys.detail(env, id), 'top'] as const,
  changes: (env: string, id: string) => [...containerKeys.detail(env, id), 'changes'] as const,
  /** Its settings as the create form reads them (edit, duplicate, recreate). */
  settings: (env: string, id: string) => [...containerKeys.detail(env, id), 'settings'] as const,
  /** The logs of a time window, fetched whole (the live view streams over the socket instead). */
  logsWindow: (env: string, id: string, since: string, until: string) =>
    [...containerKeys.detail(env, id), 'logs-window', since, until] as const,
  files: (env: string, id: string, path: string) =>
    [...containerKeys.detail(env, id), 'files', path] as const,
};
