'use client';

import {
  Activity,
  Bell,
  Boxes,
  Container,
  Gauge,
  HardDrive,
  History,
  Layers,
  LayoutDashboard,
  Library,
  Logs,
  Menu,
  Network,
  ScrollText,
  Server,
  Settings,
  Ship,
  SquareStack,
  Users,
  X,
} from 'lucide-react';
import { usePathname } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { type ReactNode, useState } from 'react';
import { useMe } from '@/components/auth/queries';
import { EnvironmentSwitcher } from '@/components/environments/EnvironmentSwitcher';
import Link from '@/components/environments/EnvLink';
import { EngineEventsBridge } from '@/components/realtime/EngineEventsBridge';
import { SocketLimitBanner } from '@/components/realtime/SocketLimitBanner';
import { EngineBadge, EngineBanner } from '@/components/shell/EngineStatus';
import { LanguageSwitcher } from '@/components/shell/LanguageSwitcher';
import { ThemeSwitcher } from '@/components/shell/ThemeSwitcher';
import { UserMenu } from '@/components/shell/UserMenu';
import type { Theme } from '@/lib/theme';

const NAV = [
  { href: '/', key: 'dashboard', icon: LayoutDashboard },
  { href: '/containers', key: 'containers', icon: Container },
  { href: '/stacks', key: 'stacks', icon: SquareStack },
  { href: '/logs', key: 'logs', icon: Logs },
  { href: '/logs/history', key: 'logHistory', icon: History },
  { href: '/stats', key: 'stats', icon: Gauge },
  { href: '/images', key: 'images', icon: Layers },
  { href: '/volumes', key: 'volumes', icon: HardDrive },
  { href: '/networks', key: 'networks', icon: Network },
  { href: '/swarm', key: 'swarm', icon: Ship },
  { href: '/events', key: 'events', icon: Activity },
  { href: '/environments', key: 'environments', icon: Server },
] as const;

const ADMIN_NAV = [
  { href: '/alerts', key: 'alerts', icon: Bell, permission: 'alerts:read' },
  { href: '/registries', key: 'registries', icon: Library, permission: 'registries:read' },
  { href: '/users', key: 'users', icon: Users, permission: 'users:admin' },
  { href: '/audit', key: 'audit', icon: ScrollText, permission: 'audit:read' },
  { href: '/settings', key: 'settings', icon: Settings, permission: 'settings:admin' },
] as const;

export function AppShell({ children, initialTheme }: { children: ReactNode; initialTheme: Theme }) {
  const t = useTranslations('nav');
  const tEnv = useTranslations('environments');
  const tSwarm = useTranslations('swarm');
  const tAlerts = useTranslations('alerts');
  const tHistory = useTranslations('logHistory');
  const pathname = usePathname();
  const [open, setOpen] = useState(false);
  const isActive = (href: string) =>
    href === '/'
      ? pathname === '/'
      : pathname.startsWith(href) && !(href === '/logs' && pathname.startsWith('/logs/history'));
  const me = useMe();
  const links = [...NAV, ...ADMIN_NAV.filter((n) => me.data?.permissions.includes(n.permission))];

  return (
    <div className="flex min-h-screen">
      <aside
        className={`fixed inset-y-0 left-0 z-40 w-56 shrink-0 border-r border-slate-200 bg-white transition-transform dark:border-slate-800 dark:bg-slate-900 md:static md:translate-x-0 ${
          open ? 'translate-x-0' : '-translate-x-full'
        }`}
      >
        <div className="flex h-14 items-center gap-2 border-b border-slate-200 px-4 dark:border-slate-800">
          <Boxes className="h-6 w-6 text-sky-600" aria-hidden />
          <span className="text-lg font-semibold">Berth</span>
          <button
            className="ml-auto rounded p-1 md:hidden"
            onClick={() => setOpen(false)}
            aria-label={t('closeMenu')}
          >
            <X className="h-5 w-5" />
          </button>
        </div>
        <nav className="flex flex-col gap-1 p-2" aria-label={t('main')}>
          {links.map(({ href, key, icon: Icon }) => (
            <Link
              key={href}
              href={href}
              onClick={() => setOpen(false)}
              aria-current={isActive(href) ? 'page' : undefined}
              className={`flex items-center gap-3 rounded-md px-3 py-2 text-sm font-medium ${
                isActive(href)
                  ? 'bg-sky-50 text-sky-700 dark:bg-sky-950 dark:text-sky-300'
                  : 'text-slate-700 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800'
              }`}
            >
              <Icon className="h-4 w-4" aria-hidden />
              {key === 'environments'
                ? tEnv('nav')
                : key === 'swarm'
                  ? tSwarm('nav')
                  : key === 'alerts'
                    ? tAlerts('nav')
                    : key === 'logHistory'
                      ? tHistory('nav')
                      : t(key)}
            </Link>
          ))}
        </nav>
      </aside>
      {open && (
        <button
          className="fixed inset-0 z-30 bg-black/40 md:hidden"
          aria-label={t('closeMenu')}
          onClick={() => setOpen(false)}
        />
      )}
      <div className="flex min-w-0 flex-1 flex-col">
        <header className="sticky top-0 z-20 flex h-14 items-center gap-3 border-b border-slate-200 bg-white/90 px-4 backdrop-blur dark:border-slate-800 dark:bg-slate-900/90">
          <button className="rounded p-1 md:hidden" onClick={() => setOpen(true)} aria-label={t('openMenu')}>
            <Menu className="h-5 w-5" />
          </button>
          <EnvironmentSwitcher />
          <EngineBadge />
          <div className="ml-auto flex items-center gap-2">
            <LanguageSwitcher />
            <ThemeSwitcher initial={initialTheme} />
            <UserMenu />
          </div>
        </header>
        <EngineBanner />
        <SocketLimitBanner />
        <EngineEventsBridge />
        <main className="min-w-0 flex-1 p-4 md:p-6">{children}</main>
      </div>
    </div>
  );
}
