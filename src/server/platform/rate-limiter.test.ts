import { describe, expect, it } from "vitest";
import { createRateLimiter } from "./rate-limiter.ts";

describe("the fixed-window rate limiter", () => {
  it("counts down the remaining hits and reports the seconds until the window resets", () => {
    const limiter = createRateLimiter({ max: 3, windowMs: 60_000 });
    const t0 = 1_000_000;
    expect(limiter.take("a", t0)).toEqual({ limit: 3, remaining: 2, resetS: 60, retryAfterS: null });
    expect(limiter.take("a", t0 + 10_500)).toMatchObject({ remaining: 1, resetS: 50 });
    expect(limiter.take("a", t0 + 20_000)).toMatchObject({ remaining: 0, retryAfterS: null });
    expect(limiter.take("a", t0 + 30_000)).toMatchObject({ remaining: 0, retryAfterS: 30 });
    expect(limiter.hit("a", t0 + 59_999)).toBe(1);
  });

  it("starts a new window after the old one ends, and keeps keys apart", () => {
    const limiter = createRateLimiter({ max: 1, windowMs: 1000 });
    expect(limiter.hit("a", 0)).toBeNull();
    expect(limiter.hit("a", 10)).toBe(1);
    expect(limiter.hit("b", 10)).toBeNull();
    expect(limiter.hit("a", 1000)).toBeNull();
    limiter.reset("a");
    expect(limiter.take("a", 1001)).toMatchObject({ remaining: 0, retryAfterS: null });
  });
});
