'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { apiFetch } from '@/components/api/client';
import { type AuditFilters, auditApi } from '@/lib/api/audit';

export type { AuditFilters } from '@/lib/api/audit';

export const auditKeys = {
  all: ['audit'] as const,
  list: (filters: AuditFilters) => [...auditKeys.all, 'list', filters] as const,
};

export function useAuditEntries(filters: AuditFilters) {
  return useQuery({
    queryKey: auditKeys.list(filters),
    queryFn: () => apiFetch(auditApi.list, { query: filters }),
    placeholderData: keepPreviousData,
  });
}
