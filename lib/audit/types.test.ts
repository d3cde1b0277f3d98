import { describe, expect, it } from 'vitest';
import { type AuditEntry, auditToCsv } from '@/lib/audit/types';

const entry = (patch: Partial<AuditEntry>): AuditEntry => ({
  id: 1,
  at: Date.UTC(2026, 0, 2, 3, 4, 5),
  userId: 1,
  username: 'admin',
  role: 'admin',
  ip: '127.0.0.1',
  action: 'container.create',
  target: 'web',
  command: 'docker run -d --name web nginx',
  result: 'ok',
  error: null,
  ...patch,
});

describe('audit CSV export', () => {
  it('writes a header and one quoted row per entry', () => {
    const csv = auditToCsv([entry({ error: 'port "80", in use' })]);
    const [header, row] = csv.trim().split('\r\n');
    expect(header).toBe('at,username,role,ip,action,target,command,result,error');
    expect(row).toBe(
      '2026-01-02T03:04:05.000Z,admin,admin,127.0.0.1,container.create,web,docker run -d --name web nginx,ok,"port ""80"", in use"',
    );
  });

  it('defuses cells a spreadsheet would run as formulas', () => {
    const csv = auditToCsv([entry({ target: '=HYPERLINK("x")' })]);
    expect(csv).toContain(`"'=HYPERLINK(""x"")"`);
  });
});
