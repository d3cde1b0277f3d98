import type { z } from 'zod';
import { endpoint } from '@/lib/api/endpoint';
import type {
  RegistryTag,
  RegistryView,
  registryCreateSchema,
  registryUpdateSchema,
} from '@/lib/registries/types';

export interface RegistryLoginResult {
  /** The registry's answer, e.g. `Login Succeeded`. */
  status: string;
}

/** Registries with stored credentials, and Registry v2 browsing. */
export const registriesApi = {
  list: endpoint<RegistryView[]>()('GET', '/api/registries'),
  /** Answered with 201. */
  create: endpoint<RegistryView, z.input<typeof registryCreateSchema>>()('POST', '/api/registries'),
  detail: endpoint<RegistryView>()('GET', '/api/registries/[id]'),
  update: endpoint<RegistryView, z.input<typeof registryUpdateSchema>>()('PATCH', '/api/registries/[id]'),
  remove: endpoint<void>()('DELETE', '/api/registries/[id]'),
  /** The stored credentials. */
  login: endpoint<RegistryLoginResult>()('POST', '/api/registries/[id]/login'),
  /** Credentials typed in the form, before they are saved. */
  loginTyped: endpoint<RegistryLoginResult, { url: string; username?: string; password?: string }>()(
    'POST',
    '/api/registries/login',
  ),
  repositories: endpoint<string[]>()('GET', '/api/registries/[id]/repositories'),
  tags: endpoint<RegistryTag[], undefined, { repository: string }>()('GET', '/api/registries/[id]/tags'),
  deleteTag: endpoint<{ digest: string }, undefined, { repository: string; tag: string }>()(
    'DELETE',
    '/api/registries/[id]/tags',
  ),
};
