import { ApiError } from '@/components/api/client';
import { toast } from '@/components/ui/toaster';

type Translate = (key: 'unreachable' | 'network' | 'generic', values?: Record<string, string>) => string;

/** The one place errors become toasts: the engine's own words where it gave them. */
export function showError(err: unknown, t: Translate): void {
  if (err instanceof ApiError) {
    if (err.code === 'network') toast.error(t('network'));
    else if (err.code === 'engine_unreachable') toast.error(t('unreachable'), { description: err.message });
    else toast.error(err.message);
    return;
  }
  toast.error(t('generic', { message: err instanceof Error ? err.message : String(err) }));
}
