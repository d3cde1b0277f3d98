'use client';

import { LogOut, UserRound } from 'lucide-react';
import { useTranslations } from 'next-intl';
import { apiFetch } from '@/components/api/client';
import { useMe } from '@/components/auth/queries';
import Link from '@/components/environments/EnvLink';
import { authApi } from '@/lib/api/auth';

export function UserMenu() {
  const t = useTranslations('auth');
  const me = useMe();
  if (!me.data) return null;
  const logout = async () => {
    await apiFetch(authApi.logout).catch(() => undefined);
    window.location.assign('/login');
  };
  return (
    <div className="flex items-center gap-1 text-sm">
      <Link
        href="/account"
        className="flex items-center gap-1 rounded px-2 py-1 hover:bg-slate-100 dark:hover:bg-slate-800"
        data-testid="user-menu"
        title={t('account')}
      >
        <UserRound className="h-4 w-4" aria-hidden />
        <span className="hidden max-w-32 truncate sm:inline">{me.data.user.username}</span>
        <span className="hidden text-xs text-slate-500 md:inline">({t(`roles.${me.data.user.role}`)})</span>
      </Link>
      <button
        onClick={logout}
        className="rounded p-1 hover:bg-slate-100 dark:hover:bg-slate-800"
        aria-label={t('logout')}
        title={t('logout')}
      >
        <LogOut className="h-4 w-4" />
      </button>
    </div>
  );
}
