import type { z } from 'zod';
import { endpoint } from '@/lib/api/endpoint';
import type { AuditEntry, auditQuerySchema } from '@/lib/audit/types';

/** `format=csv` answers a CSV download instead of the JSON list. */
export const auditApi = {
  list: endpoint<AuditEntry[], undefined, z.input<typeof auditQuerySchema>>()('GET', '/api/audit'),
};
