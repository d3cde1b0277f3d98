import { registriesApi } from '@/lib/api/registries';
import { registryIdParams, repositoryQuery, tagQuery } from '@/lib/registries/schemas';
import { route } from '@/server/http/route';
import { registryCredentials } from '@/server/registries/store';
import { deleteTag, listTags } from '@/server/registries/v2';

/** A repository's tags with manifest digest and size. */
export const GET = route({
  endpoint: registriesApi.tags,
  permission: 'registries:read',
  params: registryIdParams,
  query: repositoryQuery,
  handler: async ({ params, query }) => {
    const c = registryCredentials(params.id);
    return listTags({ url: c.url, host: c.host, ...c.auth }, query.repository);
  },
});

/** Deletes the manifest the tag points at, where the registry allows deleting (405 otherwise). */
export const DELETE = route({
  endpoint: registriesApi.deleteTag,
  permission: 'registries:admin',
  params: registryIdParams,
  query: tagQuery,
  audit: {
    action: 'registry.tag.delete',
    target: ({ params, query }) => `${params.id} ${query.repository}:${query.tag}`,
  },
  handler: async ({ params, query }) => {
    const c = registryCredentials(params.id);
    return deleteTag({ url: c.url, host: c.host, ...c.auth }, query.repository, query.tag);
  },
});
