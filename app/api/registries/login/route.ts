import { z } from 'zod';
import { registriesApi } from '@/lib/api/registries';
import { registryHost } from '@/lib/images/reference';
import { renderLoginCommand } from '@/lib/registries/cli';
import { route } from '@/server/http/route';
import { loginCheck } from '@/server/registries/login';

/** Checks credentials typed in the settings form before they are saved (`docker login`). */
export const POST = route({
  endpoint: registriesApi.loginTyped,
  permission: 'registries:admin',
  body: z.object({
    url: z.string({ error: 'A URL is required' }).trim().min(1, 'A URL is required').max(512),
    username: z.string().trim().max(256).default(''),
    password: z.string().max(4096).default(''),
  }),
  audit: {
    action: 'registry.login',
    target: ({ body }) => registryHost(body.url),
    command: ({ body }) => renderLoginCommand(registryHost(body.url), body.username),
  },
  handler: ({ body }) =>
    loginCheck(
      { username: body.username, password: body.password, serveraddress: registryHost(body.url) },
      true,
    ),
});
