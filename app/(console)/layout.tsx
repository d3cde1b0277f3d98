import { cookies } from 'next/headers';
import type { ReactNode } from 'react';
import { AppShell } from '@/components/shell/AppShell';
import { isTheme, THEME_COOKIE } from '@/lib/theme';

export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  const themeCookie = (await cookies()).get(THEME_COOKIE)?.value;
  return <AppShell initialTheme={isTheme(themeCookie) ? themeCookie : 'system'}>{children}</AppShell>;
}
