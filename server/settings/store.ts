import {
  type AppSettings,
  type AppSettingsPatch,
  applySettingsPatch,
  appSettingsSchema,
} from '@/lib/settings/app';
import { serverContext } from '@/server/context';
import { db } from '@/server/db';

/** Settings are read on every guarded request, so they are cached and refreshed on write. */
export function getSettings(): AppSettings {
  const ctx = serverContext();
  if (ctx.settings) return ctx.settings;
  const rows = db().prepare<[], { key: string; value: string }>('SELECT key, value FROM settings').all();
  const raw: Record<string, unknown> = {};
  for (const row of rows) {
    try {
      raw[row.key] = JSON.parse(row.value);
    } catch {
      // a corrupt row falls back to its default
    }
  }
  const parsed = appSettingsSchema.safeParse(raw);
  ctx.settings = parsed.success ? parsed.data : appSettingsSchema.parse({});
  return ctx.settings;
}

export function updateSettings(patch: AppSettingsPatch): AppSettings {
  const next = applySettingsPatch(getSettings(), patch);
  const upsert = db().prepare(
    `INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)
     ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
  );
  db().transaction(() => {
    for (const k of Object.keys(patch) as (keyof AppSettings)[])
      upsert.run(k, JSON.stringify(next[k]), Date.now());
  })();
  serverContext().settings = next;
  return next;
}

export function resetSettingsCache(): void {
  serverContext().settings = null;
}
