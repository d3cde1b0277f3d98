'use client';

import type { ReactNode } from 'react';
import { Button } from '@/components/ui/Button';

/**
 * A settings form's foot: the field errors the server named, then save (a submit button when `onSave` is not
 * given, so the surrounding form's onSubmit runs) and any further buttons.
 */
export function SaveFooter({
  errors,
  pending,
  label,
  testId,
  onSave,
  children,
}: {
  errors: string[];
  pending: boolean;
  label: string;
  testId: string;
  onSave?: () => void;
  children?: ReactNode;
}) {
  return (
    <>
      {errors.length > 0 && (
        <ul role="alert" className="text-sm text-red-600">
          {errors.map((e) => (
            <li key={e}>{e}</li>
          ))}
        </ul>
      )}
      <div className="flex gap-2">
        <Button
          type={onSave ? 'button' : 'submit'}
          variant="primary"
          disabled={pending}
          data-testid={testId}
          onClick={onSave}
        >
          {label}
        </Button>
        {children}
      </div>
    </>
  );
}
