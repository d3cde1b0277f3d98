import { DEFAULT_HISTORY_CONFIG, type LogHistoryConfig, logHistoryConfigSchema } from '@/lib/logs/history';
import { db } from '@/server/db';

/** What log history follows and keeps: one row of berth.db (migration 12), defaults until an admin saves. */
export function readHistoryConfig(): LogHistoryConfig {
  const row = db().prepare<[], { value: string }>('SELECT value FROM log_history_config WHERE id = 1').get();
  if (!row) return DEFAULT_HISTORY_CONFIG;
  const parsed = logHistoryConfigSchema.safeParse({ ...DEFAULT_HISTORY_CONFIG, ...JSON.parse(row.value) });
  return parsed.success ? parsed.data : DEFAULT_HISTORY_CONFIG;
}

export function writeHistoryConfig(config: LogHistoryConfig): LogHistoryConfig {
  db()
    .prepare(
      `INSERT INTO log_history_config (id, value, updated_at) VALUES (1, ?, ?)
       ON CONFLICT (id) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
    )
    .run(JSON.stringify(config), Date.now());
  return config;
}
