import { z } from 'zod';

/**
 * An absolute host path with empty and `.` segments removed, or undefined when Berth cannot reason about it:
 * not absolute, a NUL byte, or any `..` segment (after a symlink `..` resolves against the link's target, so
 * resolving it lexically could let `/srv/data/link/..` mean `/etc`).
 */
export function normalizeHostPath(path: string): string | undefined {
  if (!path.startsWith('/') || path.includes('\0')) return undefined;
  const segments: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') return undefined;
    segments.push(segment);
  }
  return `/${segments.join('/')}`;
}

const allowListEntry = z
  .string()
  .trim()
  .max(4096)
  .transform((value, ctx) => {
    const normalized = normalizeHostPath(value);
    if (normalized === undefined) {
      ctx.addIssue({ code: 'custom', message: 'Must be an absolute host path without ".." segments' });
      return z.NEVER;
    }
    if (normalized === '/') {
      ctx.addIssue({
        code: 'custom',
        message: 'The whole host filesystem cannot be allow-listed: turn on allowHostBindMounts instead',
      });
      return z.NEVER;
    }
    return normalized;
  });

/**
 * What non-admin users may ask the engine for. Anything missing parses as denied, so a setting added later is
 * off until an admin turns it on.
 */
export const securitySettingsSchema = z.object({
  /** Privileged containers and privileged exec sessions. */
  allowPrivileged: z.boolean().default(false),
  /** Host paths in Binds and bind Mounts, local volumes that bind or mount host paths, Swarm bind mounts. */
  allowHostBindMounts: z.boolean().default(false),
  /** Host path prefixes allowed even when allowHostBindMounts is off; matched on whole path components. */
  bindMountAllowList: z
    .array(allowListEntry)
    .max(100)
    .transform((entries) => [...new Set(entries)])
    .readonly()
    .prefault([]),
  /** `host` network, PID, IPC, UTS, user and cgroup namespaces. */
  allowHostNamespaces: z.boolean().default(false),
  /** CapAdd (CapDrop is always allowed). */
  allowCapabilities: z.boolean().default(false),
  /** Devices, DeviceRequests (GPUs), DeviceCgroupRules, Swarm generic resources. */
  allowDevices: z.boolean().default(false),
  /** Kernel parameters (Sysctls). */
  allowSysctls: z.boolean().default(false),
  /** SecurityOpt (seccomp/AppArmor/SELinux), unmasked /proc paths, Swarm Privileges. */
  allowSecurityOpt: z.boolean().default(false),
  /** Choosing the user an exec runs as (e.g. root). */
  allowExecUser: z.boolean().default(false),
});

export type SecuritySettings = z.output<typeof securitySettingsSchema>;

export const SECURITY_SETTING_KEYS = securitySettingsSchema.keyof().options;

export const DEFAULT_SECURITY_SETTINGS: Readonly<SecuritySettings> = Object.freeze(
  securitySettingsSchema.parse({}),
);
