import { Boxes } from 'lucide-react';
import type { ReactNode } from 'react';
import { LanguageSwitcher } from '@/components/shell/LanguageSwitcher';

export default function AuthLayout({ children }: { children: ReactNode }) {
  return (
    <div className="flex min-h-screen flex-col items-center justify-center gap-6 p-4">
      <div className="flex items-center gap-2">
        <Boxes className="h-8 w-8 text-sky-600" aria-hidden />
        <span className="text-2xl font-semibold">Berth</span>
      </div>
      <div className="w-full max-w-sm rounded-lg border border-slate-200 bg-white p-6 shadow-sm dark:border-slate-800 dark:bg-slate-900">
        {children}
      </div>
      <LanguageSwitcher />
    </div>
  );
}
