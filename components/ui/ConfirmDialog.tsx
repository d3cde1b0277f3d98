'use client';

import { useTranslations } from 'next-intl';
import { type ReactNode, useEffect, useRef } from 'react';
import { Button } from '@/components/ui/Button';
import { CliCommand } from '@/components/ui/CliCommand';

interface ConfirmDialogProps {
  open: boolean;
  title: string;
  children?: ReactNode;
  command?: string;
  confirmLabel: string;
  danger?: boolean;
  pending?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}

/** A modal confirmation on the native <dialog>: focus trap, Escape and backdrop come with it. */
export function ConfirmDialog(props: ConfirmDialogProps) {
  const t = useTranslations('common');
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (props.open && !dialog.open) dialog.showModal();
    if (!props.open && dialog.open) dialog.close();
  }, [props.open]);
  return (
    <dialog
      ref={ref}
      onCancel={(e) => {
        e.preventDefault();
        props.onCancel();
      }}
      className="m-auto w-[min(32rem,calc(100vw-2rem))] rounded-lg bg-white p-0 text-slate-900 shadow-xl backdrop:bg-black/50 dark:bg-slate-900 dark:text-slate-100"
    >
      {props.open && (
        <div className="flex flex-col gap-4 p-5" role="document">
          <h2 className="text-lg font-semibold">{props.title}</h2>
          {props.children && (
            <div className="text-sm text-slate-600 dark:text-slate-300">{props.children}</div>
          )}
          {props.command && <CliCommand command={props.command} />}
          <div className="flex justify-end gap-2">
            <Button onClick={props.onCancel}>{t('cancel')}</Button>
            <Button
              variant={props.danger ? 'danger' : 'primary'}
              onClick={props.onConfirm}
              disabled={props.pending}
              data-testid="confirm-button"
            >
              {props.confirmLabel}
            </Button>
          </div>
        </div>
      )}
    </dialog>
  );
}
