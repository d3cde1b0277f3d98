import type { AuditEntry, AuditQuery } from '@/lib/audit/types';
import type { Role } from '@/lib/auth/roles';
import { LOCAL_ENVIRONMENT } from '@/lib/environments/types';
import { db } from '@/server/db';
import { currentEnvironment } from '@/server/docker/client';

export interface AuditInput {
  user?: { id: number; username: string; role: Role } | null;
  /** For a failed login, the name that was tried (no user behind it). */
  username?: string | null;
  ip?: string | null;
  action: string;
  target?: string | null;
  command?: string | null;
  result: 'ok' | 'error';
  error?: string | null;
  /** The environment the action was on; the current engine scope's when not given. */
  env?: string;
}

/**
 * The command as it would be typed for another engine: `docker --context <env> …` (a Docker CLI context of the
 * environment's name, as `docker context create <env> --docker host=…` makes). The env column says it too; the
 * command is what people copy.
 */
export function commandFor(env: string, command: string | null | undefined): string | null {
  if (!command) return null;
  if (env === LOCAL_ENVIRONMENT) return command;
  return command.replace(/^docker (?!--context )/, `docker --context ${env} `);
}

/** Appends one entry. The table refuses updates (a trigger); only retention deletes. */
export function recordAudit(entry: AuditInput, now = Date.now()): void {
  const env = entry.env ?? currentEnvironment();
  db()
    .prepare(
      `INSERT INTO audit_log (at, user_id, username, role, ip, action, target, command, result, error, env)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      now,
      entry.user?.id ?? null,
      entry.user?.username ?? entry.username ?? null,
      entry.user?.role ?? null,
      entry.ip ?? null,
      entry.action,
      entry.target ?? null,
      commandFor(env, entry.command),
      entry.result,
      entry.error?.slice(0, 2000) ?? null,
      env,
    );
}

export function queryAudit(q: AuditQuery): AuditEntry[] {
  const where: string[] = [];
  const args: (string | number)[] = [];
  if (q.user) {
    where.push('username = ?');
    args.push(q.user);
  }
  if (q.action) {
    where.push('action LIKE ?');
    args.push(`${q.action}%`);
  }
  if (q.target) {
    where.push('target LIKE ?');
    args.push(`%${q.target}%`);
  }
  if (q.result) {
    where.push('result = ?');
    args.push(q.result);
  }
  if (q.from !== undefined) {
    where.push('at >= ?');
    args.push(q.from);
  }
  if (q.to !== undefined) {
    where.push('at <= ?');
    args.push(q.to);
  }
  const sql = `SELECT id, at, user_id AS userId, username, role, ip, action, target, command, result, error, env
    FROM audit_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY at DESC, id DESC LIMIT ?`;
  return db()
    .prepare<unknown[], AuditEntry>(sql)
    .all(...args, q.limit ?? 500);
}

export function pruneAudit(retentionDays: number, now = Date.now()): number {
  return db()
    .prepare('DELETE FROM audit_log WHERE at < ?')
    .run(now - retentionDays * 86_400_000).changes;
}
