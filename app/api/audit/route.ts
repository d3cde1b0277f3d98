import { auditApi } from '@/lib/api/audit';
import { auditQuerySchema, auditToCsv } from '@/lib/audit/types';
import { queryAudit } from '@/server/audit/log';
import { attachment } from '@/server/http/download';
import { route } from '@/server/http/route';

export const GET = route({
  endpoint: auditApi.list,
  permission: 'audit:read',
  query: auditQuerySchema,
  handler: async ({ query }) => {
    const entries = queryAudit(query);
    if (query.format === 'csv') {
      return new Response(auditToCsv(entries), {
        headers: { 'content-type': 'text/csv; charset=utf-8', ...attachment('berth-audit.csv') },
      });
    }
    return entries;
  },
});
