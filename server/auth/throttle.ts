import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { contextValue } from '@/server/context';
import { HttpError } from '@/server/http/errors';

/**
 * Login throttling, built so that a stranger cannot lock the owner out:
 *
 * - per (account, client IP) pair, exponential backoff: a few failures are free, then every further attempt
 *   waits a delay that doubles with each failure, up to a cap. Only that pair slows down: the owner logging in
 *   from their own address is not held back by guesses from another one.
 * - per client IP across all accounts, a cap (spraying one password over many names).
 * - per account across all IPs, a generous cap past which the account slows to one attempt per few seconds
 *   (guessing from many addresses at once) without ever being locked.
 *
 * Attempts are reserved before the password is checked, so a burst of parallel guesses cannot outrun the
 * counters, and given back when the password was right.
 */
export interface ThrottlePolicy {
  /** Failures of one pair checked without any delay. */
  pairFree: number;
  /** The delay after the first failure past the free ones, doubled after each further one. */
  pairBaseDelaySec: number;
  pairMaxDelaySec: number;
  /** How long a pair's failures are remembered (counted from its first failure). */
  pairWindowSec: number;
  /** Password checks of one IP over all accounts within ipWindowSec. */
  ipPoints: number;
  ipWindowSec: number;
  /** Failures of one account over all IPs within accountWindowSec before it slows down. */
  accountPoints: number;
  accountWindowSec: number;
  /** Past its cap, an account takes one attempt per this many seconds. */
  accountSlowSec: number;
}

export const DEFAULT_THROTTLE_POLICY: ThrottlePolicy = {
  pairFree: 5,
  pairBaseDelaySec: 1,
  pairMaxDelaySec: 15 * 60,
  pairWindowSec: 60 * 60,
  ipPoints: 30,
  ipWindowSec: 15 * 60,
  accountPoints: 100,
  accountWindowSec: 15 * 60,
  accountSlowSec: 2,
};

/** The wait imposed after the n-th failure of a pair (0 while the failures are free). */
export function pairDelaySec(policy: ThrottlePolicy, failures: number): number {
  if (failures < policy.pairFree) return 0;
  const doublings = Math.min(failures - policy.pairFree, 30);
  return Math.min(policy.pairBaseDelaySec * 2 ** doublings, policy.pairMaxDelaySec);
}

export class LoginThrottle {
  private readonly pair: RateLimiterMemory;
  private readonly pairGate: RateLimiterMemory;
  private readonly ip: RateLimiterMemory;
  private readonly account: RateLimiterMemory;
  private readonly accountGate: RateLimiterMemory;

  constructor(readonly policy: ThrottlePolicy = DEFAULT_THROTTLE_POLICY) {
    // Counters: they never refuse by themselves (points far above any count), the gates below do.
    this.pair = new RateLimiterMemory({
      keyPrefix: 'login-pair',
      points: 1e9,
      duration: policy.pairWindowSec,
    });
    this.account = new RateLimiterMemory({
      keyPrefix: 'login-account',
      points: 1e9,
      duration: policy.accountWindowSec,
    });
    // Gates: one attempt each, open again once their (per key) duration has passed.
    this.pairGate = new RateLimiterMemory({ keyPrefix: 'login-pair-gate', points: 1, duration: 1 });
    this.accountGate = new RateLimiterMemory({ keyPrefix: 'login-account-gate', points: 1, duration: 1 });
    this.ip = new RateLimiterMemory({
      keyPrefix: 'login-ip',
      points: policy.ipPoints,
      duration: policy.ipWindowSec,
    });
  }

  /**
   * Takes one attempt from every allowance before any password is checked; throws 429 ("try again in N s")
   * when one is used up. Each step is one atomic consume of the in-memory store, so parallel requests each get
   * their own count; an attempt refused by a gate gives back what it took (it checked no password).
   */
  async reserve(ip: string, username: string): Promise<void> {
    const account = accountKey(username);
    const pair = pairKey(ip, username);
    const taken: (() => Promise<unknown>)[] = [];
    const giveBack = () => Promise.allSettled(taken.map((undo) => undo()));
    try {
      await this.ip.consume(ip);
      taken.push(() => this.ip.reward(ip, 1));
      const failures = (await this.pair.consume(pair)).consumedPoints;
      taken.push(() => this.pair.reward(pair, 1));
      const delay = pairDelaySec(this.policy, failures);
      if (delay > 0) {
        await this.pairGate.consume(pair, 1, { customDuration: delay });
        taken.push(() => this.pairGate.delete(pair));
      }
      const accountFailures = (await this.account.consume(account)).consumedPoints;
      taken.push(() => this.account.reward(account, 1));
      if (accountFailures > this.policy.accountPoints) {
        await this.accountGate.consume(account, 1, { customDuration: this.policy.accountSlowSec });
      }
    } catch (err) {
      // When the IP cap itself refused, nothing was taken yet and the refusal stands.
      await giveBack();
      if (err instanceof RateLimiterRes) throw tooMany(err);
      throw err;
    }
  }

  /** A right password (even one still waiting for its second factor) gives the attempt back. */
  async refund(ip: string, username: string): Promise<void> {
    const pair = pairKey(ip, username);
    await Promise.allSettled([
      this.ip.reward(ip, 1),
      this.pair.reward(pair, 1),
      this.pairGate.delete(pair),
      this.account.reward(accountKey(username), 1),
    ]);
  }

  /**
   * A completed login clears this pair's failures. The account-wide count only gets this attempt back: the
   * owner logging in must not wipe what guesses from elsewhere have used up.
   */
  async succeeded(ip: string, username: string): Promise<void> {
    const pair = pairKey(ip, username);
    await Promise.allSettled([
      this.ip.reward(ip, 1),
      this.pair.delete(pair),
      this.pairGate.delete(pair),
      this.account.reward(accountKey(username), 1),
    ]);
  }
}

export type LoginLimiters = LoginThrottle;

function limiters(): LoginThrottle {
  return contextValue('loginLimiters', () => new LoginThrottle());
}

const accountKey = (username: string) => username.trim().toLowerCase();
const pairKey = (ip: string, username: string) => `${accountKey(username)}\n${ip}`;

function tooMany(res: RateLimiterRes): HttpError {
  const seconds = Math.max(1, Math.ceil(res.msBeforeNext / 1000));
  return new HttpError(429, 'too_many_requests', `Too many failed logins: try again in ${seconds} s`);
}

export async function reserveLoginAttempt(ip: string, username: string): Promise<void> {
  await limiters().reserve(ip, username);
}

export async function refundLoginAttempt(ip: string, username: string): Promise<void> {
  await limiters().refund(ip, username);
}

export async function loginSucceeded(ip: string, username: string): Promise<void> {
  await limiters().succeeded(ip, username);
}
