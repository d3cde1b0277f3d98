import { endpoint } from '@/lib/api/endpoint';
import type { AuditEntry } from '@/lib/audit/types';

/** The audit query (auditQuerySchema) as the browser sends it; times in Unix milliseconds. */
export interface AuditFilters {
  user?: string;
  action?: string;
  target?: string;
  result?: 'ok' | 'error';
  from?: number;
  to?: number;
  limit?: number;
  /** `csv` answers a download instead of the JSON list. */
  format?: 'json' | 'csv';
}

export const auditApi = {
  list: endpoint<AuditEntry[], undefined, AuditFilters>()('GET', '/api/audit'),
};
