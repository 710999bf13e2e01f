/**
 * Fixed-window counters in memory. Enough for sign-in throttling and the API limits on one node; with
 * several web nodes each keeps its own count, so the effective limit is per node (docs/operations.md).
 */
export function createRateLimiter(options: { max: number; windowMs: number }) {
  const windows = new Map<string, { count: number; resetAt: number }>();

  /** Counts a hit and tells where the key stands in its window. */
  const take = (key: string, now = Date.now()) => {
    if (windows.size > 100_000) {
      for (const [k, w] of windows) if (w.resetAt <= now) windows.delete(k);
    }
    const current = windows.get(key);
    const window = current && current.resetAt > now ? current : { count: 0, resetAt: now + options.windowMs };
    window.count++;
    windows.set(key, window);
    const resetS = Math.ceil((window.resetAt - now) / 1000);
    return {
      limit: options.max,
      remaining: Math.max(0, options.max - window.count),
      /** Seconds until the window starts again. */
      resetS,
      /** Seconds to wait when this hit is over the limit, else null. */
      retryAfterS: window.count > options.max ? resetS : null,
    };
  };

  return {
    take,
    /** Counts a hit; returns the seconds to wait when the key is over its limit, else null. */
    hit: (key: string, now = Date.now()): number | null => take(key, now).retryAfterS,
    reset(key: string) {
      windows.delete(key);
    },
  };
}

export type RateLimiter = ReturnType<typeof createRateLimiter>;
