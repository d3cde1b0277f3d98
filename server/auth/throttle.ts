import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { contextValue } from '@/server/context';
import { HttpError } from '@/server/http/errors';

/**
 * Login throttling: failures are counted per source IP and per account name, so neither spraying one
 * password over many accounts nor guessing one account's password from many addresses gets far.
 */
export interface LoginLimiters {
  ip: RateLimiterMemory;
  account: RateLimiterMemory;
}
function limiters(): LoginLimiters {
  return contextValue('loginLimiters', () => ({
    ip: new RateLimiterMemory({ keyPrefix: 'login-ip', points: 30, duration: 15 * 60 }),
    account: new RateLimiterMemory({ keyPrefix: 'login-account', points: 8, duration: 15 * 60 }),
  }));
}

const accountKey = (username: string) => username.trim().toLowerCase();

function tooMany(res: RateLimiterRes): HttpError {
  const seconds = Math.max(1, Math.ceil(res.msBeforeNext / 1000));
  return new HttpError(429, 'too_many_requests', `Too many failed logins: try again in ${seconds} s`);
}

/**
 * Takes one attempt from this IP's and this account's allowance before any password is checked, so a burst
 * of parallel guesses cannot outrun the counters; throws 429 once either is used up.
 */
export async function reserveLoginAttempt(ip: string, username: string): Promise<void> {
  const { ip: byIp, account } = limiters();
  const results = await Promise.allSettled([byIp.consume(ip), account.consume(accountKey(username))]);
  for (const r of results) {
    if (r.status === 'rejected') {
      if (r.reason instanceof RateLimiterRes) throw tooMany(r.reason);
      throw r.reason;
    }
  }
}

/** A right password (even one still waiting for its second factor) gives the attempt back. */
export async function refundLoginAttempt(ip: string, username: string): Promise<void> {
  const { ip: byIp, account } = limiters();
  await Promise.allSettled([byIp.reward(ip, 1), account.reward(accountKey(username), 1)]);
}

/** A completed login clears the account's failures. */
export async function loginSucceeded(ip: string, username: string): Promise<void> {
  const { ip: byIp, account } = limiters();
  await Promise.allSettled([byIp.reward(ip, 1), account.delete(accountKey(username))]);
}
