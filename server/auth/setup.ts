import { timingSafeEqual } from 'node:crypto';
import { hashPassword, passwordProblems } from '@/server/auth/passwords';
import { hashSecret, newSetupToken } from '@/server/auth/tokens';
import { countAdmins, createAccount, createUser, findUserByName, type UserRow } from '@/server/auth/users';
import { serverContext } from '@/server/context';
import { HttpError } from '@/server/http/errors';

/**
 * First run. With no admin in the db, the admin comes from BERTH_ADMIN_PASSWORD (and BERTH_ADMIN_USER);
 * otherwise a one-time token is printed to the server log and the setup page requires it, so nobody who
 * merely reaches the port before the owner can claim the console (Portainer's takeover window).
 */
export function setupRequired(): boolean {
  return countAdmins() === 0;
}

export async function ensureInitialAdmin(env: NodeJS.ProcessEnv, log: (line: string) => void): Promise<void> {
  if (!setupRequired()) return;
  const username = env.BERTH_ADMIN_USER?.trim() || 'admin';
  const password = env.BERTH_ADMIN_PASSWORD;
  if (password) {
    const problems = passwordProblems(password, username);
    if (problems.length === 0 && !findUserByName(username)) {
      createUser({ username, passwordHash: await hashPassword(password), role: 'admin' });
      log(`[berth] created the admin account "${username}" from BERTH_ADMIN_PASSWORD`);
      return;
    }
    log(`[berth] BERTH_ADMIN_PASSWORD was not used: ${problems.join('; ') || `a user "${username}" exists`}`);
  }
  const token = newSetupToken();
  serverContext().setupTokenHash = hashSecret(token);
  log(`[berth] first run: open /setup and enter this one-time setup token: ${token}`);
}

export async function completeSetup(input: {
  token: string;
  username: string;
  password: string;
}): Promise<UserRow> {
  if (!setupRequired()) throw new HttpError(409, 'conflict', 'Berth is already set up: log in instead');
  const expected = serverContext().setupTokenHash;
  const given = Buffer.from(hashSecret(input.token.trim()), 'hex');
  if (!expected || !timingSafeEqual(Buffer.from(expected, 'hex'), given)) {
    throw new HttpError(403, 'forbidden', 'Wrong setup token: it is printed in the server log');
  }
  const user = await createAccount({ username: input.username, password: input.password, role: 'admin' });
  serverContext().setupTokenHash = null;
  return user;
}
