'use client';

import { Download } from 'lucide-react';
import { useLocale, useTranslations } from 'next-intl';
import { useState } from 'react';
import { queryString } from '@/components/api/client';
import { type AuditFilters, useAuditEntries } from '@/components/audit/queries';
import { Table } from '@/components/ui/Table';

const input =
  'rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm dark:border-slate-700 dark:bg-slate-950';

export function AuditPage() {
  const t = useTranslations('audit');
  const locale = useLocale();
  const [f, setF] = useState({ user: '', action: '', target: '', result: '', from: '', to: '' });
  const params: AuditFilters = {
    user: f.user.trim() || undefined,
    action: f.action.trim() || undefined,
    target: f.target.trim() || undefined,
    result: isAuditResult(f.result) ? f.result : undefined,
    from: f.from ? new Date(f.from).getTime() : undefined,
    to: f.to ? new Date(f.to).getTime() : undefined,
  };
  const entries = useAuditEntries(params);
  const set = (k: keyof typeof f) => (e: { target: { value: string } }) =>
    setF((s) => ({ ...s, [k]: e.target.value }));
  return (
    <div className="flex flex-col gap-4">
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-2xl font-semibold">{t('title')}</h1>
        <a
          href={`/api/audit${queryString({ ...params, format: 'csv', limit: 10000 })}`}
          className="ml-auto inline-flex items-center gap-1 rounded-md border border-slate-300 px-3 py-1.5 text-sm dark:border-slate-700"
        >
          <Download className="h-4 w-4" aria-hidden />
          CSV
        </a>
        <a
          href={`/api/audit${queryString({ ...params, format: 'json', limit: 10000 })}`}
          download="berth-audit.json"
          className="inline-flex items-center gap-1 rounded-md border border-slate-300 px-3 py-1.5 text-sm dark:border-slate-700"
        >
          <Download className="h-4 w-4" aria-hidden />
          JSON
        </a>
      </div>
      <div className="grid gap-2 sm:grid-cols-3 lg:grid-cols-6">
        <input
          aria-label={t('user')}
          placeholder={t('user')}
          value={f.user}
          onChange={set('user')}
          className={input}
        />
        <input
          aria-label={t('action')}
          placeholder={t('action')}
          value={f.action}
          onChange={set('action')}
          className={input}
        />
        <input
          aria-label={t('target')}
          placeholder={t('target')}
          value={f.target}
          onChange={set('target')}
          className={input}
        />
        <select aria-label={t('result')} value={f.result} onChange={set('result')} className={input}>
          <option value="">{t('anyResult')}</option>
          <option value="ok">{t('ok')}</option>
          <option value="error">{t('error')}</option>
        </select>
        <input
          aria-label={t('from')}
          type="datetime-local"
          value={f.from}
          onChange={set('from')}
          className={input}
        />
        <input
          aria-label={t('to')}
          type="datetime-local"
          value={f.to}
          onChange={set('to')}
          className={input}
        />
      </div>
      <Table
        columns={[t('time'), t('user'), t('ip'), t('action'), t('target'), t('result')]}
        testId="audit-table"
        after={entries.data?.length === 0 && <p className="p-4 text-sm text-slate-500">{t('empty')}</p>}
      >
        {entries.data?.map((e) => (
          <tr key={e.id} className="border-b border-slate-100 align-top dark:border-slate-800">
            <td className="px-3 py-1.5 whitespace-nowrap text-slate-500">
              {new Date(e.at).toLocaleString(locale)}
            </td>
            <td className="px-3 py-1.5">
              {e.username ?? '—'}
              {e.role && <span className="ml-1 text-xs text-slate-500">({e.role})</span>}
            </td>
            <td className="px-3 py-1.5 font-mono text-xs">{e.ip ?? ''}</td>
            <td className="px-3 py-1.5 font-mono text-xs">
              {e.action}
              {e.command && <div className="text-slate-500">{e.command}</div>}
            </td>
            <td className="px-3 py-1.5 font-mono text-xs break-all">{e.target}</td>
            <td
              className={`px-3 py-1.5 ${e.result === 'ok' ? 'text-emerald-700 dark:text-emerald-400' : 'text-red-600 dark:text-red-400'}`}
            >
              {e.result === 'ok' ? t('ok') : e.error || t('error')}
            </td>
          </tr>
        ))}
      </Table>
    </div>
  );
}

function isAuditResult(value: string): value is 'ok' | 'error' {
  return value === 'ok' || value === 'error';
}
