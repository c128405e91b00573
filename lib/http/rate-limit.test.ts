import { afterEach, describe, expect, it, vi } from "vitest";
import { rateLimit } from "./rate-limit";

describe("rateLimit", () => {
  afterEach(() => vi.useRealTimers());

  it("refuses past the burst and refills with time", () => {
    vi.useFakeTimers({ toFake: ["Date"], now: 1_000_000 });
    const key = `t-${Math.random()}`;
    for (let i = 0; i < 3; i++) rateLimit(key, 1, 3);
    expect(() => rateLimit(key, 1, 3)).toThrow(/Too many requests/);
    vi.setSystemTime(1_002_000);
    rateLimit(key, 1, 3);
    rateLimit(key, 1, 3);
    expect(() => rateLimit(key, 1, 3)).toThrow(/Too many requests/);
  });

  it("a clock that steps back does not drain the bucket", () => {
    vi.useFakeTimers({ toFake: ["Date"], now: 5_000_000 });
    const key = `t-${Math.random()}`;
    rateLimit(key, 10, 20);
    vi.setSystemTime(5_000_000 - 3_600_000); // an hour back
    for (let i = 0; i < 19; i++) rateLimit(key, 10, 20);
    expect(() => rateLimit(key, 10, 20)).toThrow(/Too many requests/);
  });
});
