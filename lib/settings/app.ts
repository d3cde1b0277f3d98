import { z } from 'zod';
import { DEFAULT_LIMITS, limitsSettingsSchema } from '@/lib/settings/limits';
import { DEFAULT_SECURITY_SETTINGS, securitySettingsSchema } from '@/lib/settings/security';
import { DEFAULT_VIEWER_ACCESS, viewerAccessSchema } from '@/lib/settings/viewer-access';

const origin = z
  .string()
  .trim()
  .refine((v) => {
    try {
      const u = new URL(v);
      return (u.protocol === 'http:' || u.protocol === 'https:') && u.origin === v.replace(/\/$/, '');
    } catch {
      return false;
    }
  }, 'Not an origin: expected scheme://host[:port], e.g. https://berth.example.com');

/** Admin settings, each stored under its own key. Defaults are the safe choice. */
export const appSettingsSchema = z.object({
  security: securitySettingsSchema.default(DEFAULT_SECURITY_SETTINGS),
  sessions: z
    .object({
      idleMinutes: z.number().int().min(5).max(10_080),
      absoluteHours: z.number().int().min(1).max(720),
    })
    .default({ idleMinutes: 120, absoluteHours: 24 }),
  trustedOrigins: z.array(origin).max(20).default([]),
  auditRetentionDays: z.number().int().min(1).max(3650).default(180),
  require2fa: z.boolean().default(false),
  // What viewers may see (issue 18): environment values and files, refused until an admin allows them.
  viewerAccess: viewerAccessSchema.default(DEFAULT_VIEWER_ACCESS),
  // Per-user bounds and the idle terminal timeout (lib/settings/limits.ts).
  limits: limitsSettingsSchema.default(DEFAULT_LIMITS),
  // Alert channels may target private, loopback and link-local addresses only when an admin allows it (SSRF).
  // Firings are kept retentionDays and at most retentionRows (the oldest go first), pruned on a timer.
  alerts: z
    .object({
      allowPrivateTargets: z.boolean().default(false),
      retentionDays: z.number().int().min(1).max(3650).default(90),
      retentionRows: z.number().int().min(100).max(1_000_000).default(10_000),
    })
    .default({ allowPrivateTargets: false, retentionDays: 90, retentionRows: 10_000 }),
  // `localAdmins`: only admins without an outside identity may sign in with a Berth password (break-glass);
  // everyone else signs in through OIDC, LDAP or a passkey.
  signIn: z.object({ passwords: z.enum(['everyone', 'localAdmins']) }).default({ passwords: 'everyone' }),
});
export type AppSettings = z.output<typeof appSettingsSchema>;
export type AppSettingsKey = keyof AppSettings;

/**
 * A grouped setting's patch: its fields optional and without their defaults, so that `PUT { limits:
 * { terminals: 3 } }` changes that one bound and keeps the others (the full schema would fill them back in with
 * their defaults, silently undoing an admin's earlier choices).
 */
function fieldsPatch<S extends z.ZodObject>(schema: S) {
  const shape: Record<string, z.ZodType> = {};
  for (const [key, field] of Object.entries(schema.shape as Record<string, z.ZodType>)) {
    const bare = field instanceof z.ZodDefault || field instanceof z.ZodPrefault ? field.unwrap() : field;
    shape[key] = (bare as z.ZodType).optional();
  }
  return z.object(shape) as unknown as z.ZodType<Partial<z.output<S>>, Partial<z.input<S>>>;
}

/**
 * PUT /api/settings: any subset of the settings, and of the fields of the grouped ones. No defaults anywhere:
 * `.partial()` of the full schema would fill every absent key with its default (a PUT of the limits alone
 * turned require2fa off and emptied the trusted origins).
 */
export const appSettingsPatchSchema = z.object({
  security: fieldsPatch(securitySettingsSchema).optional(),
  sessions: fieldsPatch(appSettingsSchema.shape.sessions.unwrap()).optional(),
  trustedOrigins: appSettingsSchema.shape.trustedOrigins.unwrap().optional(),
  auditRetentionDays: appSettingsSchema.shape.auditRetentionDays.unwrap().optional(),
  require2fa: appSettingsSchema.shape.require2fa.unwrap().optional(),
  viewerAccess: fieldsPatch(viewerAccessSchema).optional(),
  limits: fieldsPatch(limitsSettingsSchema).optional(),
  alerts: fieldsPatch(appSettingsSchema.shape.alerts.unwrap()).optional(),
  signIn: fieldsPatch(appSettingsSchema.shape.signIn.unwrap()).optional(),
} satisfies Record<AppSettingsKey, z.ZodType>);
export type AppSettingsPatch = z.output<typeof appSettingsPatchSchema>;

/** The settings after a patch: grouped settings merged field by field, then checked whole. */
export function applySettingsPatch(current: AppSettings, patch: AppSettingsPatch): AppSettings {
  const merged: Record<string, unknown> = { ...current };
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    const before = merged[key];
    merged[key] =
      value && typeof value === 'object' && !Array.isArray(value) && before && typeof before === 'object'
        ? { ...before, ...Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) }
        : value;
  }
  return appSettingsSchema.parse(merged);
}
