import { Button } from '@/components/ui/Button';
import { CliCommand } from '@/components/ui/CliCommand';

/** The end of a create form: the command it amounts to, then Cancel and the submit button. */
export function FormFooter({
  command,
  cancelLabel,
  onCancel,
  submitLabel,
  submitTestId,
  pending,
  sticky = false,
}: {
  command: string;
  cancelLabel: string;
  onCancel: () => void;
  submitLabel: string;
  submitTestId: string;
  pending: boolean;
  /** Keeps the command and buttons in view at the bottom of a form longer than the screen. */
  sticky?: boolean;
}) {
  return (
    <div
      className={
        sticky
          ? 'sticky bottom-0 flex flex-col gap-3 border-t border-slate-200 bg-slate-50/95 py-3 dark:border-slate-800 dark:bg-slate-950/95'
          : 'flex flex-col gap-3'
      }
    >
      <CliCommand command={command} />
      <div className="flex justify-end gap-2">
        <Button onClick={onCancel}>{cancelLabel}</Button>
        <Button type="submit" variant="primary" disabled={pending} data-testid={submitTestId}>
          {submitLabel}
        </Button>
      </div>
    </div>
  );
}
