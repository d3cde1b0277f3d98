import type { z } from 'zod';
import { endpoint } from '@/lib/api/endpoint';
import type {
  OidcDiscoveryResult,
  OidcLoginOption,
  OidcProviderView,
  oidcDiscoverSchema,
  oidcProviderCreateSchema,
  oidcProviderUpdateSchema,
} from '@/lib/auth/oidc';

/**
 * OIDC single sign-on: the providers an admin configures (the client secret never comes back, only
 * `secretSet`), and the public sign-in endpoints. `start` and `callback` are browser navigations that answer
 * redirects, not JSON: the login page links to `start`, the provider sends the browser to `callback`.
 */
export const oidcApi = {
  list: endpoint<OidcProviderView[]>()('GET', '/api/auth/oidc'),
  /** Answered with 201. */
  create: endpoint<OidcProviderView, z.input<typeof oidcProviderCreateSchema>>()('POST', '/api/auth/oidc'),
  update: endpoint<OidcProviderView, z.input<typeof oidcProviderUpdateSchema>>()(
    'PATCH',
    '/api/auth/oidc/[id]',
  ),
  remove: endpoint<void>()('DELETE', '/api/auth/oidc/[id]'),
  /** Fetches the issuer's discovery document: what the settings' "Test discovery" shows. */
  discover: endpoint<OidcDiscoveryResult, z.input<typeof oidcDiscoverSchema>>()(
    'POST',
    '/api/auth/oidc/discover',
  ),
  /** Public: the enabled providers' buttons on the login page. */
  loginOptions: endpoint<OidcLoginOption[]>()('GET', '/api/auth/oidc/providers'),
  /** Public navigation: redirects to the provider (`?next=` the Berth path to land on). */
  start: endpoint<never, undefined, { next?: string }>()('GET', '/api/auth/oidc/[id]/start'),
  /** Public navigation: the provider's answer; redirects into Berth or to the login page with `oidcError`. */
  callback: endpoint<never>()('GET', '/api/auth/oidc/[id]/callback'),
};
