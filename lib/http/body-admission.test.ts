import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { clearProcessSingleton } from "@/lib/util/global";
import { env, resetEnvCache } from "@/lib/env";
import { BodyAdmission, DEFAULT_ADMISSION_LIMITS, LARGE_BODY_BYTES, admissionLimits, admitLargeBodies, configuredAdmissionLimits } from "./body-admission";
import type { ApiRequest } from "./api";

const MiB = 1024 * 1024;
const req = (ip: string, token?: string) => ({ ip, header: (n: string) => (n === "authorization" && token ? `Bearer ${token}` : undefined) });

describe("large-body admission", () => {
  beforeEach(() => {
    clearProcessSingleton("body-admission-accounts");
    vi.useFakeTimers({ toFake: ["Date"], now: 1_000_000 });
  });
  afterEach(() => {
    vi.useRealTimers();
    Object.assign(admissionLimits(), DEFAULT_ADMISSION_LIMITS);
  });

  it("does not count small bodies at all", () => {
    const a = new BodyAdmission(req("10.0.0.1", "t1"));
    for (let i = 0; i < 100; i++) expect(a.take(LARGE_BODY_BYTES - 1)).toBeUndefined();
    const b = new BodyAdmission(req("10.0.0.1", "t1"));
    expect(b.take(LARGE_BODY_BYTES)).toBeUndefined();
  });

  it("one large body per token at a time, until released (release is idempotent)", () => {
    const first = new BodyAdmission(req("10.0.0.1", "t1"));
    expect(first.take(MiB)).toBeUndefined();
    expect(first.take(2 * MiB)).toBeUndefined(); // the same body growing (no declared length) is the same admission
    const second = new BodyAdmission(req("10.0.0.2", "t1"));
    const refused = second.take(MiB);
    expect(refused?.status).toBe(429);
    expect(refused?.headers?.["Retry-After"]).toBe("1");
    expect(new BodyAdmission(req("10.0.0.1", "t2")).take(MiB)).toBeUndefined();
    first.release();
    first.release();
    expect(new BodyAdmission(req("10.0.0.2", "t1")).take(MiB)).toBeUndefined();
  });

  it("at most perAddress large bodies from one address, whatever the tokens (made-up tokens included)", () => {
    const held = Array.from({ length: DEFAULT_ADMISSION_LIMITS.perAddress }, (_, i) => new BodyAdmission(req("10.0.0.9", `made-up-${i}`)));
    for (const h of held) expect(h.take(MiB)).toBeUndefined();
    expect(new BodyAdmission(req("10.0.0.9", "made-up-new")).take(MiB)?.message).toMatch(/from this address are already being processed/);
    expect(new BodyAdmission(req("10.0.0.9")).take(MiB)?.status).toBe(429);
    expect(new BodyAdmission(req("10.0.0.10", "made-up-new")).take(MiB)).toBeUndefined();
  });

  it("a byte budget per token that refills with time; Retry-After says when", () => {
    Object.assign(admissionLimits(), { burstBytes: 10 * MiB, bytesPerSecond: 1 * MiB });
    for (let i = 0; i < 2; i++) {
      const a = new BodyAdmission(req("10.0.0.1", "t1"));
      expect(a.take(5 * MiB)).toBeUndefined();
      a.release();
    }
    const over = new BodyAdmission(req("10.0.0.1", "t1")).take(3 * MiB);
    expect(over?.message).toMatch(/more large bodies than it may in a short time \(1 MiB\/s, bursts of 10 MiB\)/);
    expect(over?.headers?.["Retry-After"]).toBe("3");
    vi.setSystemTime(1_003_000);
    const later = new BodyAdmission(req("10.0.0.1", "t1"));
    expect(later.take(3 * MiB)).toBeUndefined();
  });

  it("a clock that steps back does not drain the budget", () => {
    Object.assign(admissionLimits(), { burstBytes: 4 * MiB, bytesPerSecond: 1 * MiB });
    const a = new BodyAdmission(req("10.0.0.1", "t1"));
    expect(a.take(2 * MiB)).toBeUndefined();
    a.release();
    vi.setSystemTime(1_000_000 - 3_600_000);
    const b = new BodyAdmission(req("10.0.0.1", "t1"));
    expect(b.take(2 * MiB)).toBeUndefined();
  });

  it("admitLargeBodies refuses on the declared length before reading, and on the read size without one", async () => {
    let reads = 0;
    const base = (headers: Record<string, string>, body: string): ApiRequest => ({
      method: "POST",
      url: new URL("http://x/api/v1/events"),
      ip: "10.0.0.5",
      header: (n) => headers[n],
      bodyText: async () => {
        reads++;
        return body;
      },
      bodyBytes: async () => Buffer.from(body),
    });
    const body = "x".repeat(LARGE_BODY_BYTES);
    const first = admitLargeBodies(base({ authorization: "Bearer tok", "content-length": String(body.length) }, body));
    expect(await first.req.bodyText()).toBe(body);
    const declared = admitLargeBodies(base({ authorization: "Bearer tok", "content-length": String(body.length) }, body));
    await expect(declared.req.bodyText()).rejects.toMatchObject({ status: 429 });
    expect(reads).toBe(1); // refused before reading
    const chunked = admitLargeBodies(base({ authorization: "Bearer tok" }, body));
    await expect(chunked.req.bodyText()).rejects.toMatchObject({ status: 429 });
    expect(reads).toBe(2); // read, then refused before anything works on it
    first.release();
    const again = admitLargeBodies(base({ authorization: "Bearer tok" }, body));
    expect(await again.req.bodyText()).toBe(body);
  });
});

describe("admission limits from the configuration (lib/env)", () => {
  const KEYS = [
    "GATEHOUSE_LARGE_BODIES_PER_TOKEN",
    "GATEHOUSE_LARGE_BODIES_PER_ADDRESS",
    "GATEHOUSE_LARGE_BODY_BYTES_PER_SECOND",
    "GATEHOUSE_LARGE_BODY_BURST_BYTES",
    "GATEHOUSE_LARGE_BODY_ADDRESS_FACTOR",
  ];
  const saved = Object.fromEntries(KEYS.map((k) => [k, process.env[k]]));
  const set = (vars: Record<string, string | undefined>) => {
    for (const k of KEYS) {
      if (vars[k] === undefined) delete process.env[k];
      else process.env[k] = vars[k];
    }
    resetEnvCache();
    clearProcessSingleton("body-admission-limits");
  };
  afterEach(() => set(saved));

  it("unset: the defaults, unchanged", () => {
    set({});
    expect(configuredAdmissionLimits()).toEqual(DEFAULT_ADMISSION_LIMITS);
    expect(admissionLimits()).toEqual({ perToken: 1, perAddress: 4, bytesPerSecond: 2 * MiB, burstBytes: 32 * MiB, addressFactor: 4 });
  });

  it("set: each key its limit (sizes in bytes or with a KiB/MiB/GiB suffix), and the admission holds callers to them", () => {
    set({
      GATEHOUSE_LARGE_BODIES_PER_TOKEN: "2",
      GATEHOUSE_LARGE_BODIES_PER_ADDRESS: "7",
      GATEHOUSE_LARGE_BODY_BYTES_PER_SECOND: "512KiB",
      GATEHOUSE_LARGE_BODY_BURST_BYTES: "1GiB",
      GATEHOUSE_LARGE_BODY_ADDRESS_FACTOR: "2.5",
    });
    expect(admissionLimits()).toEqual({ perToken: 2, perAddress: 7, bytesPerSecond: 512 * 1024, burstBytes: 1024 * MiB, addressFactor: 2.5 });
    set({ GATEHOUSE_LARGE_BODIES_PER_TOKEN: "2", GATEHOUSE_LARGE_BODY_BURST_BYTES: String(30 * MiB) });
    expect(admissionLimits().burstBytes).toBe(30 * MiB);
    // two large bodies of one token at once, not three
    clearProcessSingleton("body-admission-accounts");
    expect(new BodyAdmission(req("10.0.0.1", "t1")).take(MiB)).toBeUndefined();
    expect(new BodyAdmission(req("10.0.0.2", "t1")).take(MiB)).toBeUndefined();
    expect(new BodyAdmission(req("10.0.0.3", "t1")).take(MiB)?.message).toMatch(/2 large bodies from this token are already being processed/);
    // a budget that is not whole MiB is said as it is
    set({ GATEHOUSE_LARGE_BODY_BYTES_PER_SECOND: "512KiB", GATEHOUSE_LARGE_BODY_BURST_BYTES: "25MiB" });
    clearProcessSingleton("body-admission-accounts");
    const first = new BodyAdmission(req("10.0.0.1", "t1"));
    expect(first.take(20 * MiB)).toBeUndefined();
    first.release();
    expect(new BodyAdmission(req("10.0.0.1", "t1")).take(10 * MiB)?.message).toMatch(/\(512 KiB\/s, bursts of 25 MiB\)/);
  });

  it("an invalid value is a startup error that names the key and says what is expected", () => {
    for (const [k, v, says] of [
      ["GATEHOUSE_LARGE_BODIES_PER_TOKEN", "0", /GATEHOUSE_LARGE_BODIES_PER_TOKEN: .*>=1/],
      ["GATEHOUSE_LARGE_BODIES_PER_ADDRESS", "many", /GATEHOUSE_LARGE_BODIES_PER_ADDRESS: /],
      [
        "GATEHOUSE_LARGE_BODY_BYTES_PER_SECOND",
        "2 MB",
        /GATEHOUSE_LARGE_BODY_BYTES_PER_SECOND: expected a size in bytes \(e\.g\. 2097152 or 2MiB\), got "2 MB"/,
      ],
      ["GATEHOUSE_LARGE_BODY_BYTES_PER_SECOND", "100", /GATEHOUSE_LARGE_BODY_BYTES_PER_SECOND: must be at least 1024 bytes, got 100/],
      // below the largest body a route accepts (25 MiB): that body could never be admitted
      ["GATEHOUSE_LARGE_BODY_BURST_BYTES", "24MiB", /GATEHOUSE_LARGE_BODY_BURST_BYTES: must be at least 26214400 bytes, got 25165824/],
      ["GATEHOUSE_LARGE_BODY_ADDRESS_FACTOR", "0.5", /GATEHOUSE_LARGE_BODY_ADDRESS_FACTOR: /],
    ] as const) {
      set({ [k]: v });
      expect(() => env(), `${k}=${v}`).toThrow(says);
      expect(() => env()).toThrow(/^Invalid configuration: /);
    }
  });
});
