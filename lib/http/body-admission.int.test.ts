// Issue 16: admission control for large bodies over real HTTP (lib/http/body-admission.ts). One
// caller cannot have two large bodies in processing at once, nor send more large bytes than its
// budget; another caller (another token, from the same address) is not held up by it.
import http from "node:http";
import { randomUUID } from "node:crypto";
import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from "vitest";
import { describeEngines } from "@/lib/testing/db";
import { startTestApi } from "@/lib/testing/http";
import { clearProcessSingleton, processSingleton } from "@/lib/util/global";
import { decisionFixture } from "@/lib/decisions/testing";
import { resetEnvCache } from "@/lib/env";
import { DEFAULT_ADMISSION_LIMITS, LARGE_BODY_BYTES, admissionLimits } from "./body-admission";

type Answer = { status: number; headers: http.IncomingHttpHeaders; body: string };

/** A POST whose body is written in two halves; the second waits for `release` (a large body in processing). */
function post(base: string, path: string, token: string, body: string, release?: Promise<void>) {
  const u = new URL(base);
  const bytes = Buffer.from(body);
  return new Promise<Answer>((resolve, reject) => {
    const req = http.request(
      {
        host: u.hostname,
        port: u.port,
        method: "POST",
        path,
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json", "content-length": String(bytes.length) },
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (c) => (text += c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
      },
    );
    req.on("error", reject);
    if (!release) return void req.end(bytes);
    req.write(bytes.subarray(0, bytes.length >> 1));
    void release.then(() => req.end(bytes.subarray(bytes.length >> 1)));
  });
}

/** An event batch of about `size` bytes (one event, its payload text). */
const batch = (size: number) =>
  JSON.stringify({ events: [{ id: randomUUID(), type: "tool.post", outcome: "success", payload: { output: "x".repeat(size) } }] });
const LARGE = LARGE_BODY_BYTES + 10_000;

/** In flight for some key: the admission has taken the first request (polled, never slept on). */
async function untilInFlight(n = 1) {
  const accounts = processSingleton("body-admission-accounts", () => new Map<string, { inFlight: number }>());
  for (let i = 0; i < 2000; i++) {
    if ([...accounts.values()].some((a) => a.inFlight >= n)) return;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error("the first large body was never admitted");
}

describeEngines("large-body admission", (get) => {
  let api: Awaited<ReturnType<typeof startTestApi>>;
  let a: string;
  let b: string;

  beforeAll(async () => {
    api = await startTestApi(get());
    const fx = await decisionFixture(get().db, "admit");
    a = (await fx.agent("admit-a")).token;
    b = (await fx.agent("admit-b")).token;
  });
  afterAll(async () => api?.close());
  beforeEach(() => clearProcessSingleton("body-admission-accounts"));
  afterEach(() => Object.assign(admissionLimits(), DEFAULT_ADMISSION_LIMITS));

  it("refuses a second concurrent large body from the same token (429 + Retry-After), not another token's, not small bodies", async () => {
    let finish!: () => void;
    const first = post(api.base, "/api/v1/events", a, batch(LARGE), new Promise<void>((r) => (finish = r)));
    await untilInFlight();

    const second = await post(api.base, "/api/v1/events", a, batch(LARGE));
    expect(second.status, second.body).toBe(429);
    expect(JSON.parse(second.body).error.code).toBe("rate_limited");
    expect(JSON.parse(second.body).error.message).toMatch(/already being processed/);
    expect(Number(second.headers["retry-after"])).toBeGreaterThanOrEqual(1);

    // another agent (same client address: tests run on loopback) is admitted meanwhile
    const other = await post(api.base, "/api/v1/events", b, batch(LARGE));
    expect(other.status, other.body).toBe(202);
    // a small body of the same agent is never held up
    const small = await post(api.base, "/api/v1/events", a, batch(1000));
    expect(small.status, small.body).toBe(202);

    finish();
    expect((await first).status).toBe(202);
    // answered: the slot is free again
    const after = await post(api.base, "/api/v1/events", a, batch(LARGE));
    expect(after.status, after.body).toBe(202);
  });

  it("a deciding hook with a large body while another is in processing is denied (fail closed), not allowed", async () => {
    let finish!: () => void;
    const first = post(api.base, "/api/v1/events", a, batch(LARGE), new Promise<void>((r) => (finish = r)));
    await untilInFlight();
    const hook = JSON.stringify({
      session_id: `s-${randomUUID()}`,
      hook_event_name: "PreToolUse",
      cwd: "/work/repo",
      tool_name: "Bash",
      tool_input: { command: "ls " + "a".repeat(LARGE) },
    });
    const r = await post(api.base, "/api/hooks/claude-code?wait_seconds=0", a, hook);
    expect(r.status, r.body).toBe(200);
    const verdict = JSON.parse(r.body).hookSpecificOutput;
    expect(verdict.permissionDecision).toBe("deny");
    // denied for the refusal (a 429 answered as a deny in the client's format), not for something else
    expect(verdict.permissionDecisionReason).toMatch(/too many hook calls/);
    finish();
    expect((await first).status).toBe(202);
  });

  it("holds each token to its byte budget for large bodies; other tokens keep theirs", async () => {
    // a bucket of three large bodies, refilled so slowly that it does not refill within the test
    Object.assign(admissionLimits(), { burstBytes: 3 * LARGE + 30_000, bytesPerSecond: 1000 });
    for (let i = 0; i < 3; i++) expect((await post(api.base, "/api/v1/events", a, batch(LARGE))).status).toBe(202);
    const over = await post(api.base, "/api/v1/events", a, batch(LARGE));
    expect(over.status, over.body).toBe(429);
    expect(JSON.parse(over.body).error.message).toMatch(/more large bodies than it may/);
    // Retry-After: the seconds until the bucket holds this body again (about LARGE / 1000 B/s)
    expect(Number(over.headers["retry-after"])).toBeGreaterThan(100);
    expect((await post(api.base, "/api/v1/events", b, batch(LARGE))).status).toBe(202);
    expect((await post(api.base, "/api/v1/events", a, batch(1000))).status).toBe(202);
  });

  it("honours the configured limit (GATEHOUSE_LARGE_BODIES_PER_TOKEN=2)", async () => {
    const saved = process.env.GATEHOUSE_LARGE_BODIES_PER_TOKEN;
    process.env.GATEHOUSE_LARGE_BODIES_PER_TOKEN = "2";
    resetEnvCache();
    clearProcessSingleton("body-admission-limits");
    try {
      // two large bodies of one token in processing at once (the default allows one) …
      let finish!: () => void;
      const held = new Promise<void>((r) => (finish = r));
      const first = post(api.base, "/api/v1/events", a, batch(LARGE), held);
      const second = post(api.base, "/api/v1/events", a, batch(LARGE), held);
      await untilInFlight(2);
      // … not three
      const third = await post(api.base, "/api/v1/events", a, batch(LARGE));
      expect(third.status, third.body).toBe(429);
      expect(JSON.parse(third.body).error.message).toMatch(/2 large bodies from this token are already being processed/);
      finish();
      expect((await first).status).toBe(202);
      expect((await second).status).toBe(202);
    } finally {
      if (saved === undefined) delete process.env.GATEHOUSE_LARGE_BODIES_PER_TOKEN;
      else process.env.GATEHOUSE_LARGE_BODIES_PER_TOKEN = saved;
      resetEnvCache();
      clearProcessSingleton("body-admission-limits");
    }
  });
});
