import { RateLimiterMemory, type RateLimiterRes } from 'rate-limiter-flexible';
import { HttpError } from '@/server/http/errors';

/**
 * Login throttling: failures are counted per source IP and per account name, so neither spraying one
 * password over many accounts nor guessing one account's password from many addresses gets far.
 */
const key = Symbol.for('berth.login-throttle');
interface Limiters {
  ip: RateLimiterMemory;
  account: RateLimiterMemory;
}
type WithLimiters = typeof globalThis & { [key]?: Limiters };

function limiters(): Limiters {
  const g = globalThis as WithLimiters;
  g[key] ??= {
    ip: new RateLimiterMemory({ keyPrefix: 'login-ip', points: 30, duration: 15 * 60 }),
    account: new RateLimiterMemory({ keyPrefix: 'login-account', points: 8, duration: 15 * 60 }),
  };
  return g[key];
}

const accountKey = (username: string) => username.trim().toLowerCase();

function tooMany(res: RateLimiterRes): HttpError {
  const seconds = Math.max(1, Math.ceil(res.msBeforeNext / 1000));
  return new HttpError(429, 'too_many_requests', `Too many failed logins: try again in ${seconds} s`);
}

/** Throws 429 when this IP or account is locked out, before any password is checked. */
export async function assertLoginAllowed(ip: string, username: string): Promise<void> {
  const { ip: byIp, account } = limiters();
  const [a, b] = await Promise.all([byIp.get(ip), account.get(accountKey(username))]);
  for (const res of [a, b]) {
    if (res && res.remainingPoints <= 0) throw tooMany(res);
  }
}

export async function recordLoginFailure(ip: string, username: string): Promise<void> {
  const { ip: byIp, account } = limiters();
  await Promise.allSettled([byIp.consume(ip), account.consume(accountKey(username))]);
}

export async function recordLoginSuccess(username: string): Promise<void> {
  await limiters().account.delete(accountKey(username));
}
