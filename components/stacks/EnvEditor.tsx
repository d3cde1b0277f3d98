'use client';

import { Eye, EyeOff, Plus, Trash2 } from 'lucide-react';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { Button } from '@/components/ui/Button';
import { inputClass } from '@/components/ui/FormField';
import { ENV_MASK, isSecretKey, parseEnv } from '@/lib/stacks/env';

interface Row {
  id: number;
  key: string;
  value: string;
}

/** Bound of the rows one editor holds (the server bounds the text too). */
const MAX_ROWS = 500;

/**
 * A value as `.env` needs it written: plain when it is safe so (the mask included, which the server recognises
 * only as written), otherwise double-quoted with Compose's escapes.
 */
export function envValue(value: string): string {
  if (/^[\w@%+=:,./*-]*$/.test(value)) return value;
  return `"${value.replace(/[\\"$]/g, (c) => `\\${c}`).replace(/\n/g, '\\n')}"`;
}

const serialize = (rows: readonly Row[]) =>
  rows
    .filter((r) => r.key.trim())
    .map((r) => `${r.key.trim()}=${envValue(r.value)}`)
    .join('\n');

/**
 * The stack's `.env` as KEY / value rows. Values of keys that look secret (PASSWORD, TOKEN…) are masked until
 * the reveal toggle; a value the server sent masked and left as it is keeps the stored one. Remount it (key)
 * to load other text.
 */
export function EnvEditor({
  initial,
  onChange,
  readOnly = false,
}: {
  initial: string;
  onChange: (text: string) => void;
  readOnly?: boolean;
}) {
  const t = useTranslations('stacks.env');
  const [rows, setRows] = useState<Row[]>(() =>
    parseEnv(initial)
      .slice(0, MAX_ROWS)
      .map((e, i) => ({ id: i, key: e.key, value: e.value })),
  );
  const [nextId, setNextId] = useState(rows.length);
  const [reveal, setReveal] = useState(false);

  const update = (next: Row[]) => {
    setRows(next);
    onChange(serialize(next));
  };
  const edit = (id: number, patch: Partial<Row>) =>
    update(rows.map((r) => (r.id === id ? { ...r, ...patch } : r)));

  return (
    <div className="flex flex-col gap-2" data-testid="env-editor">
      <div className="flex items-center gap-2 text-sm">
        <span className="text-slate-500">{t('hint')}</span>
        <button
          type="button"
          className="ml-auto inline-flex items-center gap-1 text-sky-700 hover:underline dark:text-sky-400"
          onClick={() => setReveal((r) => !r)}
          aria-pressed={reveal}
          data-testid="env-reveal"
        >
          {reveal ? <EyeOff className="h-4 w-4" aria-hidden /> : <Eye className="h-4 w-4" aria-hidden />}
          {reveal ? t('hide') : t('reveal')}
        </button>
      </div>
      {rows.length === 0 && <p className="text-sm text-slate-500">{t('empty')}</p>}
      {rows.map((row, index) => {
        const secret = isSecretKey(row.key) || row.value === ENV_MASK;
        return (
          <div
            key={row.id}
            className="grid grid-cols-[minmax(8rem,1fr)_2fr_auto] gap-2"
            data-testid="env-row"
          >
            <input
              aria-label={t('key', { n: index + 1 })}
              value={row.key}
              readOnly={readOnly}
              onChange={(e) => edit(row.id, { key: e.target.value })}
              placeholder="KEY"
              className={`${inputClass()} font-mono`}
            />
            <input
              aria-label={t('value', { n: index + 1 })}
              type={secret && !reveal ? 'password' : 'text'}
              value={row.value}
              readOnly={readOnly}
              onChange={(e) => edit(row.id, { value: e.target.value })}
              className={`${inputClass()} font-mono`}
              data-secret={secret ? '1' : undefined}
            />
            {!readOnly && (
              <button
                type="button"
                onClick={() => update(rows.filter((r) => r.id !== row.id))}
                className="rounded p-1 text-slate-400 hover:text-red-600"
                aria-label={t('remove', { n: index + 1 })}
                title={t('remove', { n: index + 1 })}
              >
                <Trash2 className="h-4 w-4" />
              </button>
            )}
          </div>
        );
      })}
      {!readOnly && (
        <Button
          className="self-start"
          disabled={rows.length >= MAX_ROWS}
          onClick={() => {
            setRows([...rows, { id: nextId, key: '', value: '' }]);
            setNextId(nextId + 1);
          }}
          data-testid="env-add"
        >
          <Plus className="h-4 w-4" aria-hidden />
          {t('add')}
        </Button>
      )}
    </div>
  );
}
