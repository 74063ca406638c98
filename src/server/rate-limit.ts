/** A per-client token bucket: `burst` requests at once, refilled at `perSecond`. */

export interface RateLimitOptions {
  /** Sustained requests per second per client. */
  perSecond: number;
  /** Requests a client may make at once; default 2 × perSecond. */
  burst?: number;
  /** Forget clients idle this long (ms); default 10 minutes. */
  idleMs?: number;
}

export interface RateLimiter {
  /** Takes one token for `key` at time `now` (ms); returns 0 when allowed, else the seconds to wait. */
  take(key: string, now: number): number;
}

interface Bucket {
  tokens: number;
  at: number;
}

/**
 * Creates a token-bucket limiter keyed by client (IP or token id).
 *
 * @example const limiter = createRateLimiter({ perSecond: 100 }); if (limiter.take(ip, clock()) > 0) reject();
 */
export function createRateLimiter(options: RateLimitOptions): RateLimiter {
  const burst = options.burst ?? options.perSecond * 2;
  const idleMs = options.idleMs ?? 600_000;
  const buckets = new Map<string, Bucket>();
  let lastSweep = 0;
  const sweep = (now: number): void => {
    if (now - lastSweep < idleMs) return;
    lastSweep = now;
    for (const [key, bucket] of buckets) if (now - bucket.at > idleMs) buckets.delete(key);
  };
  return {
    take(key, now) {
      sweep(now);
      const bucket = buckets.get(key) ?? { tokens: burst, at: now };
      bucket.tokens = Math.min(burst, bucket.tokens + ((now - bucket.at) / 1000) * options.perSecond);
      bucket.at = now;
      buckets.set(key, bucket);
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return 0;
      }
      return (1 - bucket.tokens) / options.perSecond;
    },
  };
}
