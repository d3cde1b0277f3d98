'use client';

import { type ReactNode, useState } from 'react';
import { Button } from '@/components/ui/Button';
import { ConfirmDialog } from '@/components/ui/ConfirmDialog';

/** A danger button that asks first; the confirm button bears the same label. */
export function RemoveButton({
  label,
  title,
  command,
  testId,
  pending,
  onConfirm,
  children,
}: {
  label: string;
  title: string;
  command: string;
  testId: string;
  pending: boolean;
  /** Gets the dialog's close, for the mutation's callbacks to call. */
  onConfirm: (close: () => void) => void;
  children: ReactNode;
}) {
  const [open, setOpen] = useState(false);
  const close = () => setOpen(false);
  return (
    <>
      <Button variant="danger" onClick={() => setOpen(true)} data-testid={testId}>
        {label}
      </Button>
      <ConfirmDialog
        open={open}
        title={title}
        command={command}
        confirmLabel={label}
        danger
        pending={pending}
        onCancel={close}
        onConfirm={() => onConfirm(close)}
      >
        {children}
      </ConfirmDialog>
    </>
  );
}
