import { z } from 'zod';

export interface AuditEntry {
  id: number;
  /** Unix milliseconds. */
  at: number;
  userId: number | null;
  username: string | null;
  role: string | null;
  ip: string | null;
  action: string;
  target: string | null;
  command: string | null;
  result: 'ok' | 'error';
  error: string | null;
  /** The environment (engine) the action was done on: `local` for the one Berth was started with. */
  env?: string;
}

export const auditQuerySchema = z.object({
  user: z.string().max(100).optional(),
  action: z.string().max(100).optional(),
  target: z.string().max(300).optional(),
  result: z.enum(['ok', 'error']).optional(),
  from: z.coerce.number().int().min(0).optional(),
  to: z.coerce.number().int().min(0).optional(),
  limit: z.coerce.number().int().min(1).max(10_000).optional(),
  format: z.enum(['json', 'csv']).optional(),
});
export type AuditQuery = z.infer<typeof auditQuerySchema>;

const CSV_COLUMNS: (keyof AuditEntry)[] = [
  'at',
  'username',
  'role',
  'ip',
  'action',
  'target',
  'command',
  'result',
  'error',
];

/** RFC 4180 quoting; a leading = + - @ is defused so a spreadsheet never runs a cell as a formula. */
function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function auditToCsv(entries: AuditEntry[]): string {
  const rows = entries.map((e) =>
    CSV_COLUMNS.map((c) => csvCell(c === 'at' ? new Date(e.at).toISOString() : e[c])).join(','),
  );
  return `${[CSV_COLUMNS.join(','), ...rows].join('\r\n')}\r\n`;
}
