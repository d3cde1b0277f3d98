import { z } from 'zod';
import { containersApi } from '@/lib/api/containers';
import { containerFormSchema } from '@/lib/containers/form';
import { parseImageReference } from '@/lib/images/reference';
import { asUser, type UserPrincipal } from '@/server/auth/guard';
import { recreateContainer } from '@/server/docker/recreate';
import { HttpError } from '@/server/http/errors';
import { route } from '@/server/http/route';
import { containerIdParams } from '@/server/http/schemas';
import { imageJobs } from '@/server/images/jobs';
import { transferRequest } from '@/server/images/transfer';
import { withJobSlot } from '@/server/limits';
import { enforceContainerCreate } from '@/server/security/enforce';

/** The CLI steps of each request, for its audit entry (known once the plan is made, also when a step fails). */
const planned = new WeakMap<Request, string[]>();

/** `docker pull` as the pull route does it: the caller's stored credentials, the shared pull job. */
async function pull(principal: UserPrincipal, reference: string): Promise<void> {
  const parsed = parseImageReference(reference, { defaultTag: true });
  if (!parsed.ok)
    throw new HttpError(400, 'bad_request', `${reference} cannot be pulled: ${parsed.error}`, [
      { path: 'body.form.image', message: parsed.error },
    ]);
  const handle = imageJobs().join(transferRequest(principal, 'pull', parsed.ref), () => {});
  const snap = await handle.done;
  if (snap.state !== 'done')
    throw new HttpError(
      502,
      'engine_error',
      `Pull of ${parsed.ref.familiar} failed: ${snap.error ?? snap.state}; nothing was changed`,
    );
}

export const POST = route({
  endpoint: containersApi.recreate,
  permission: 'containers:write',
  params: containerIdParams,
  body: z.strictObject({ form: containerFormSchema.optional(), pull: z.boolean().optional() }),
  audit: {
    action: 'container.recreate',
    target: ({ params }) => params.id,
    command: ({ req }) => planned.get(req)?.join(' && '),
  },
  handler: async ({ req, params, body, principal }) => {
    const user = asUser(principal);
    return withJobSlot(principal, () =>
      recreateContainer(
        params.id,
        { ...(body.form ? { form: body.form } : {}), ...(body.pull ? { pull: true } : {}) },
        {
          vet: (engineBody) => enforceContainerCreate(user, engineBody),
          pullImage: (reference) => pull(user, reference),
          onPlan: (commands) => planned.set(req, commands),
        },
      ),
    );
  },
});
