import { passwordProblems } from '@/server/auth/passwords';
import { HttpError } from '@/server/http/errors';

/** Refuses a password that breaks the minimum rules, as a 400 naming the field. */
export function assertPasswordOk(password: string, username: string, field: string): void {
  const problems = passwordProblems(password, username);
  if (problems.length) {
    throw new HttpError(400, 'bad_request', `Invalid request: ${field}: ${problems.join('; ')}`, [
      { path: field, message: problems.join('; ') },
    ]);
  }
}
