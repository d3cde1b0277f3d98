import { z } from 'zod';
import type { Permission } from '@/lib/auth/roles';

/**
 * What viewers may read beyond the lists, states, logs and stats every role sees (issue 18). Environment
 * values carry passwords and tokens, and files carry whatever the application keeps, so both start refused;
 * operators and admins read them regardless. Image environments are not masked: an image's configuration is
 * part of the image, which viewers may download whole (`docker save`) like anyone who can pull it.
 */
export const viewerAccessSchema = z.object({
  /** Values of containers' environment variables; the names are always shown. */
  environmentValues: z.boolean().default(false),
  /**
   * Files of containers and volumes: browsing, downloads and `docker export`. One setting, because a download
   * of `/` is already the whole filesystem.
   */
  files: z.boolean().default(false),
});

export type ViewerAccess = z.output<typeof viewerAccessSchema>;
export type ViewerAccessKey = keyof ViewerAccess;

export const VIEWER_ACCESS_KEYS = viewerAccessSchema.keyof().options;

export const DEFAULT_VIEWER_ACCESS: Readonly<ViewerAccess> = Object.freeze(viewerAccessSchema.parse({}));

/** The permissions each setting grants viewers; operators and admins hold them through their role. */
export const VIEWER_ACCESS_PERMISSIONS: Readonly<Record<ViewerAccessKey, readonly Permission[]>> = {
  environmentValues: ['containers:env'],
  files: ['containers:files', 'volumes:files'],
};

/** The permissions a viewer holds on top of the role's own, as the settings stand. */
export function viewerGrants(access: ViewerAccess): Permission[] {
  return VIEWER_ACCESS_KEYS.filter((key) => access[key]).flatMap((key) => VIEWER_ACCESS_PERMISSIONS[key]);
}

/** The setting that would grant a viewer `permission`, to name it in a refusal; undefined for the others. */
export function viewerAccessSettingFor(permission: Permission): ViewerAccessKey | undefined {
  return VIEWER_ACCESS_KEYS.find((key) => VIEWER_ACCESS_PERMISSIONS[key].includes(permission));
}
