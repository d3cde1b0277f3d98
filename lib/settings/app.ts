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
});
export type AppSettings = z.output<typeof appSettingsSchema>;
export type AppSettingsKey = keyof AppSettings;
export const appSettingsPatchSchema = appSettingsSchema.partial();
