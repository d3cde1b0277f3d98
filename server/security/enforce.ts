import type { UserPrincipal } from '@/server/auth/guard';
import { readPolicyFacts } from '@/server/docker/policy-facts';
import {
  assertAllowed,
  checkContainerCreate,
  checkContainerUpdate,
  checkExecCreate,
  checkServiceSpec,
  checkVolumeCreate,
  policyReferences,
} from '@/server/security/policy';
import { getSettings } from '@/server/settings/store';

/**
 * Where the admin security settings meet a request: admins pass, everyone else goes through the policy on
 * the exact Engine body about to be sent (not on the form it came from, so no field can slip past).
 */
export async function enforceContainerCreate(principal: UserPrincipal, engineBody: unknown): Promise<void> {
  if (principal.user.role === 'admin') return;
  // What the body joins or mounts is judged by what it is on the engine (container:X, --volumes-from, volumes).
  const facts = await readPolicyFacts(policyReferences(engineBody));
  assertAllowed(checkContainerCreate(engineBody, getSettings().security, facts));
}

export function enforceExecCreate(principal: UserPrincipal, engineBody: unknown): void {
  if (principal.user.role === 'admin') return;
  assertAllowed(checkExecCreate(engineBody, getSettings().security));
}

/** A local volume's driver options can mount host paths and devices: the same policy as bind mounts. */
export function enforceVolumeCreate(principal: UserPrincipal, engineBody: unknown): void {
  if (principal.user.role === 'admin') return;
  assertAllowed(checkVolumeCreate(engineBody, getSettings().security));
}

/** `docker update`: resources sit at the top level of the body (devices are judged as on create). */
export function enforceContainerUpdate(principal: UserPrincipal, engineBody: unknown): void {
  if (principal.user.role === 'admin') return;
  assertAllowed(checkContainerUpdate(engineBody, getSettings().security));
}

/**
 * A Swarm service's spec (create, update, scale, the previous spec a rollback restores, each service of a
 * stack): the whole spec the engine will run, not the fields a request changed.
 */
export async function enforceServiceSpec(principal: UserPrincipal, spec: unknown): Promise<void> {
  if (principal.user.role === 'admin') return;
  assertAllowed(checkServiceSpec(spec, getSettings().security));
}
