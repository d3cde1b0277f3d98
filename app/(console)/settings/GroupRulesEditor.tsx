'use client';

import { useTranslations } from 'next-intl';
import { Button } from '@/components/ui/Button';
import type { GroupRule } from '@/lib/auth/external';
import { ROLES, type Role } from '@/lib/auth/roles';

const input =
  'rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm dark:border-slate-700 dark:bg-slate-950';

/** The words of one editor: OIDC and LDAP each say them in their own catalog namespace. */
export interface GroupRulesLabels {
  title: string;
  help: string;
  group: string;
  team: string;
  teamPlaceholder: string;
  role: string;
  add: string;
  remove: string;
}

/**
 * The external sign-in rules, group → team + role, one row each (OIDC providers and LDAP share it). Rows have no
 * id: they are edited in place, by position.
 */
export function GroupRulesEditor({
  rules,
  onChange,
  labels,
  testId,
}: {
  rules: GroupRule[];
  onChange: (rules: GroupRule[]) => void;
  labels: GroupRulesLabels;
  /** Prefix of the test ids: `<testId>-rules` (the editor), `<testId>-rule` (a row), `<testId>-rule-add`. */
  testId: string;
}) {
  const tr = useTranslations('auth.roles');
  const set = (i: number, patch: Partial<GroupRule>) =>
    onChange(rules.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <fieldset className="flex flex-col gap-2" data-testid={`${testId}-rules`}>
      <legend className="text-sm font-semibold">{labels.title}</legend>
      <p className="text-xs text-slate-500">{labels.help}</p>
      {rules.map((rule, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: rows have no id; they are edited in place
        <div key={i} className="flex flex-wrap items-center gap-2" data-testid={`${testId}-rule`}>
          <input
            aria-label={labels.group}
            placeholder={labels.group}
            className={`${input} font-mono`}
            value={rule.group}
            onChange={(e) => set(i, { group: e.target.value })}
          />
          <span aria-hidden>→</span>
          <input
            aria-label={labels.team}
            placeholder={labels.teamPlaceholder}
            className={input}
            value={rule.team ?? ''}
            onChange={(e) => set(i, { team: e.target.value || undefined })}
          />
          <select
            aria-label={labels.role}
            className={input}
            value={rule.role}
            onChange={(e) => set(i, { role: e.target.value as Role })}
          >
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {tr(r)}
              </option>
            ))}
          </select>
          <Button variant="ghost" onClick={() => onChange(rules.filter((_, j) => j !== i))}>
            {labels.remove}
          </Button>
        </div>
      ))}
      <div>
        <Button
          onClick={() => onChange([...rules, { group: '', role: 'viewer' }])}
          data-testid={`${testId}-rule-add`}
        >
          {labels.add}
        </Button>
      </div>
    </fieldset>
  );
}
