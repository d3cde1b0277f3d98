'use client';

import { Check, Copy, Terminal } from 'lucide-react';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { copyText } from '@/components/ui/CopyButton';

/** The `docker` command equivalent to what Berth is about to do (or just did): Berth teaches the CLI. */
export function CliCommand({ command, className = '' }: { command: string; className?: string }) {
  const t = useTranslations('cli');
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    await copyText(command);
    setCopied(true);
    setTimeout(() => setCopied(false), 1500);
  };
  return (
    <div
      className={`flex items-start gap-2 rounded-md bg-slate-900 px-3 py-2 font-mono text-xs text-slate-100 dark:bg-black ${className}`}
    >
      <Terminal className="mt-0.5 h-3.5 w-3.5 shrink-0 text-slate-400" aria-label={t('equivalent')} />
      <code data-testid="cli-command" className="min-w-0 flex-1 break-all whitespace-pre-wrap">
        {command}
      </code>
      <button
        onClick={copy}
        className="shrink-0 rounded p-0.5 text-slate-400 hover:text-white"
        title={copied ? t('copied') : t('copy')}
        aria-label={copied ? t('copied') : t('copy')}
      >
        {copied ? <Check className="h-3.5 w-3.5" /> : <Copy className="h-3.5 w-3.5" />}
      </button>
    </div>
  );
}
