import { can } from '@/lib/auth/roles';
import type { ImageReference } from '@/lib/images/reference';
import type { UserPrincipal } from '@/server/auth/guard';
import { HttpError } from '@/server/http/errors';
import type { ImageJobKind, JobRequest } from '@/server/images/jobs';
import { credentialsFor, registryCredentials } from '@/server/registries/store';

/**
 * Which credentials a pull or push goes out with. Stored credentials are used only for users allowed to
 * (`registries:read`): a named registry must match the reference's host; otherwise the registry whose host
 * matches, as the CLI picks from its config.json. Without either, the engine goes anonymously.
 */
export function transferRequest(
  principal: UserPrincipal,
  kind: ImageJobKind,
  reference: ImageReference,
  registryId?: number,
  /** Where the registry id came from, for the field error: `payload` (socket) or `body` (HTTP). */
  where: 'payload' | 'body' = 'payload',
): JobRequest {
  const mayUse = can(principal.user.role, 'registries:read');
  if (registryId !== undefined) {
    if (!mayUse)
      throw new HttpError(
        403,
        'forbidden',
        `Your role (${principal.user.role}) does not allow using stored registry credentials (registries:read)`,
      );
    const creds = registryCredentials(registryId);
    if (creds.host !== reference.domain)
      throw new HttpError(
        400,
        'bad_request',
        `${reference.familiar} is not on registry ${creds.name} (${creds.host})`,
        [{ path: `${where}.registryId`, message: `The image is on ${reference.domain}, not ${creds.host}` }],
      );
    return { kind, reference, auth: creds.auth, authKey: creds.auth ? String(creds.id) : undefined };
  }
  const creds = mayUse ? credentialsFor(reference) : null;
  return { kind, reference, auth: creds?.auth, authKey: creds?.auth ? String(creds.id) : undefined };
}
