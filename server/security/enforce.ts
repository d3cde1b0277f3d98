import type { UserPrincipal } from '@/server/auth/guard';
import {
  assertAllowed,
  checkContainerCreate,
  checkExecCreate,
  checkVolumeCreate,
} from '@/server/security/policy';
import { getSettings } from '@/server/settings/store';

/**
 * Where the admin security settings meet a request: admins pass, everyone else goes through the policy on
 * the exact Engine body about to be sent (not on the form it came from, so no field can slip past).
 */
export function enforceContainerCreate(principal: UserPrincipal, engineBody: unknown): void {
  if (principal.user.role === 'admin') return;
  assertAllowed(checkContainerCreate(engineBody, getSettings().security));
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
