import { recordAudit } from '@/server/audit/log';
import { clientIp, type Principal } from '@/server/auth/guard';
import { toHttpError } from '@/server/http/errors';

interface Audited {
  action: string;
  target: string;
  command: string | null;
}

/**
 * Runs a stack change and writes its audit entry with the `docker compose` command: an action Compose ran
 * but failed (exit code not 0, cancelled) is an error entry, though the answer is 200 with its output.
 * For routes built with `audit: false`.
 */
export async function audited<T>(
  req: Request,
  principal: Principal,
  entry: Audited,
  run: () => Promise<T>,
  failed: (result: T) => string | null = () => null,
): Promise<T> {
  const base = {
    user: principal.kind === 'user' ? principal.user : null,
    ip: clientIp(req),
    action: entry.action,
    target: entry.target,
    command: entry.command,
  };
  try {
    const result = await run();
    const error = failed(result);
    recordAudit({ ...base, result: error ? 'error' : 'ok', error });
    return result;
  } catch (err) {
    recordAudit({ ...base, result: 'error', error: toHttpError(err).message });
    throw err;
  }
}
