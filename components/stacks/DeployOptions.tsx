'use client';

import { useTranslations } from 'next-intl';
import type { StackActionOptions } from '@/lib/stacks/cli';

export type DeployFlags = Required<Pick<StackActionOptions, 'pull' | 'build' | 'removeOrphans'>>;
export const NO_FLAGS: DeployFlags = { pull: false, build: false, removeOrphans: false };

/** The options of `up -d` a deploy may add: `--pull always`, `--build`, `--remove-orphans`. */
export function DeployOptions({
  value,
  onChange,
}: {
  value: DeployFlags;
  onChange: (next: DeployFlags) => void;
}) {
  const t = useTranslations('stacks.deploy');
  return (
    <fieldset className="flex flex-wrap gap-4 text-sm">
      <legend className="sr-only">{t('options')}</legend>
      {(['pull', 'build', 'removeOrphans'] as const).map((flag) => (
        <label key={flag} className="flex items-center gap-2">
          <input
            type="checkbox"
            checked={value[flag]}
            onChange={(e) => onChange({ ...value, [flag]: e.target.checked })}
            data-testid={`deploy-${flag}`}
          />
          {t(flag)}
        </label>
      ))}
    </fieldset>
  );
}
