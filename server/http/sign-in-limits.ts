import type { Response } from 'express';
import { RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { memoryCounters, type CounterStore } from '../cluster/counters.ts';
import type { SignInLimitsConfig } from '../config.ts';

// How many passwords may be tried, for POST /api/auth/login and for accepting an invitation
// (which sets one): rate-limiter-flexible's login protection. Per account and address, wrong
// passwords in a row lead to waits that double; per address and per account, failures in a
// day are capped. A refused attempt is answered before scrypt runs, so it costs nothing.

export type SignInAttempt =
  | { allowed: true; succeeded(): Promise<void> }
  | { allowed: false; retryAfterSec: number };

export interface SignInLimits {
  /**
   * Asked before a password is checked: may `ip` try `account` now? An attempt that goes ahead
   * counts as a failure until its `succeeded()`, so parallel attempts cannot all slip in before
   * the first of them fails.
   */
  attempt(ip: string, account: string): Promise<SignInAttempt>;
}

const DAY_SEC = 24 * 3600;

export function signInLimits(limits: SignInLimitsConfig, counters: CounterStore = memoryCounters): SignInLimits {
  const failsByIp = counters({ keyPrefix: 'sign_in_fails_by_ip', points: limits.failsPerIpPerDay, duration: DAY_SEC });
  const failsByAccount = counters({ keyPrefix: 'sign_in_fails_by_account', points: limits.failsPerAccountPerDay, duration: DAY_SEC });
  // Only counts (it never refuses): wrong passwords in a row, forgotten a day after the first.
  const inARow = counters({ keyPrefix: 'sign_in_fails_in_a_row', points: Number.MAX_SAFE_INTEGER, duration: DAY_SEC });
  // Holds nothing but blocks: a key blocked here waits.
  const waits = counters({ keyPrefix: 'sign_in_wait', points: 0, duration: 0 });

  const waitSec = (failsInARow: number) =>
    Math.min(limits.backoffSec * 2 ** (failsInARow - limits.consecutiveFails), limits.maxBackoffSec);

  return {
    async attempt(ip, account) {
      const pair = `${account}|${ip}`;
      const waiting = await waits.get(pair);
      if (waiting && waiting.consumedPoints > waits.points && waiting.msBeforeNext > 0) return refused(waiting);
      const overIp = await overLimit(failsByIp, ip);
      if (overIp) return refused(overIp);
      const overAccount = await overLimit(failsByAccount, account);
      if (overAccount) {
        await failsByIp.reward(ip);
        return refused(overAccount);
      }
      // The wait starts before the password is checked: attempts sent along with this one
      // find it, and a right password lifts it again.
      const failsInARow = (await inARow.penalty(pair)).consumedPoints;
      if (failsInARow >= limits.consecutiveFails) await waits.block(pair, waitSec(failsInARow));
      return {
        allowed: true,
        async succeeded() {
          await Promise.all([failsByIp.reward(ip), failsByAccount.reward(account), inARow.delete(pair), waits.delete(pair)]);
        },
      };
    },
  };
}

/** Takes a point; the refusal when there was none left. A store's own failure is thrown. */
async function overLimit(counter: RateLimiterAbstract, key: string): Promise<RateLimiterRes | null> {
  try {
    await counter.consume(key);
    return null;
  } catch (refusal) {
    if (refusal instanceof RateLimiterRes) return refusal;
    throw refusal;
  }
}

function refused(res: RateLimiterRes): SignInAttempt {
  return { allowed: false, retryAfterSec: Math.max(1, Math.ceil(res.msBeforeNext / 1000)) };
}

/** The answer to a refused attempt: 429 with Retry-After (the console words the wait itself). */
export function tooManyAttempts(res: Response, retryAfterSec: number): void {
  res.setHeader('Retry-After', String(retryAfterSec));
  res.status(429).json({ error: `too many sign-in attempts: try again in ${retryAfterSec} seconds` });
}

/**
 * The client's address for a request Express does not see (a Socket.IO handshake): what
 * `req.ip` would be, by the same `trust proxy` rule (`app.get('trust proxy fn')`): hops from
 * the socket's peer back through X-Forwarded-For while each is a trusted proxy.
 */
export function clientAddress(peer: string | undefined, forwardedFor: string | string[] | undefined, trust: (address: string, hop: number) => boolean): string | undefined {
  const forwarded = (Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  const hops = [peer ?? '', ...forwarded.reverse()];
  let hop = 0;
  while (hop < hops.length - 1 && trust(hops[hop]!, hop)) hop++;
  return hops[hop] || undefined;
}

/**
 * The address whose attempts count together: `req.ip` (behind a proxy on this machine, the
 * client's), and for IPv6 its /64, which a single client usually holds whole.
 */
export function addressKey(ip: string | undefined): string {
  if (!ip) return 'unknown';
  const address = ip.split('%')[0]!;
  if (!address.includes(':')) return address;
  let canonical: string;
  try {
    canonical = new URL(`http://[${address}]`).hostname.slice(1, -1);
  } catch {
    return address;
  }
  const mapped = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(canonical);
  if (mapped) {
    const [high, low] = [parseInt(mapped[1]!, 16), parseInt(mapped[2]!, 16)];
    return [high >> 8, high & 255, low >> 8, low & 255].join('.');
  }
  const [head = '', tail] = canonical.split('::');
  const headGroups = head ? head.split(':') : [];
  const tailGroups = tail ? tail.split(':') : [];
  const zeros = tail === undefined ? [] : Array<string>(8 - headGroups.length - tailGroups.length).fill('0');
  return `${[...headGroups, ...zeros, ...tailGroups].slice(0, 4).join(':')}::/64`;
}
