// Issue 16: events with payloads of megabytes are hashed, redacted and rendered on the off-loop
// worker (lib/offload/off-loop.ts). What is stored and hashed must be what the in-process path stores
// and hashes, byte for byte, and the chain must verify after them (both engines).
import { randomUUID } from "node:crypto";
import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { describeEngines } from "@/lib/testing/db";
import { startTestApi } from "@/lib/testing/http";
import { offLoopSettings } from "@/lib/offload/off-loop";
import { clearProcessSingleton } from "@/lib/util/global";
import { canonicalJson, sha256Hex } from "./canonical";
import { seedAgent } from "./test-fixtures";
import { verifyAuditChain } from "./verify";

const big = (n: number) =>
  "-----BEGIN PRIVATE KEY-----!".repeat(n) +
  "\nAWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\npostgres://u:pw@db/x\n" +
  "plain output line\n".repeat(n);

const events = () => [
  { id: randomUUID(), type: "tool.post", outcome: "success", payload: { output: big(20_000), api_key: "sk-live-abcdef123456", n: [1, -0, 2.5] } },
  {
    id: randomUUID(),
    type: "tool.post",
    outcome: "success",
    payload: { output: "y".repeat(300_000), nested: { list: Array.from({ length: 2000 }, (_, i) => ({ i, s: `v${i}` })) } },
  },
  { id: randomUUID(), type: "tool.post", outcome: "success", payload: { small: "ok" } },
];

describeEngines("large events off the event loop", (get) => {
  let api: Awaited<ReturnType<typeof startTestApi>>;
  let token: string;
  beforeAll(async () => {
    api = await startTestApi(get());
    token = (await seedAgent(get().db, "large-bot")).token;
  });
  afterAll(() => api.close());
  afterEach(() => {
    offLoopSettings.disabled = false;
    clearProcessSingleton("body-admission-accounts");
  });

  // a large payload as readers see it: in the row (in process) or in parts outside it (worker, payload-store.ts)
  async function stored(ids: string[]) {
    const r = (await get().db.execute(
      sql`SELECT client_id, body_hash, (CASE WHEN payload_sha256 IS NULL THEN payload ELSE gatehouse_audit_payload(payload_sha256) END)::text AS payload, redactions FROM audit_events WHERE client_id = ANY (ARRAY(SELECT json_array_elements_text(${JSON.stringify(ids)}::json))) ORDER BY seq`,
    )) as unknown as { rows: { client_id: string; body_hash: string; payload: string; redactions: number }[] };
    return r.rows;
  }

  it("stores and hashes the same as the in-process path; a retry across the two paths is a duplicate; verify passes", async () => {
    const batch = events();
    const before = offLoopSettings.done;
    const viaWorker = await api.request("POST", "/api/v1/events", { token, body: { events: batch } });
    expect(viaWorker.status, JSON.stringify(viaWorker.json)).toBe(202);
    expect(viaWorker.json).toEqual({ accepted: 3, duplicates: 0, rejected: [] });
    expect(offLoopSettings.done - before).toBe(2); // the two large payloads went to the worker

    // the same payloads under new ids, in process
    offLoopSettings.disabled = true;
    const again = batch.map((e) => ({ ...e, id: randomUUID() }));
    const inProcess = await api.request("POST", "/api/v1/events", { token, body: { events: again } });
    expect(inProcess.json).toEqual({ accepted: 3, duplicates: 0, rejected: [] });
    expect(offLoopSettings.done - before).toBe(2);

    const a = await stored(batch.map((e) => e.id));
    const b = await stored(again.map((e) => e.id));
    expect(a.map((r) => r.payload)).toEqual(b.map((r) => r.payload));
    expect(a.map((r) => r.redactions)).toEqual(b.map((r) => r.redactions));
    expect(a[0].redactions).toBeGreaterThan(0);
    expect(a[0].payload).not.toContain("sk-live-abcdef123456");
    // the body hash is the client's event as sent, whichever path computed it
    expect(a.map((r) => r.body_hash)).toEqual(batch.map((e) => sha256Hex(canonicalJson(JSON.parse(JSON.stringify(e))))));
    expect(b.map((r) => r.body_hash)).toEqual(again.map((e) => sha256Hex(canonicalJson(JSON.parse(JSON.stringify(e))))));

    // a retry of the worker's batch in process (and of the in-process batch on the worker) is a duplicate
    const retry1 = await api.request("POST", "/api/v1/events", { token, body: { events: batch } });
    expect(retry1.json).toEqual({ accepted: 0, duplicates: 3, rejected: [] });
    offLoopSettings.disabled = false;
    const retry2 = await api.request("POST", "/api/v1/events", { token, body: { events: again } });
    expect(retry2.json).toEqual({ accepted: 0, duplicates: 3, rejected: [] });

    expect(await verifyAuditChain(get().db)).toMatchObject({ ok: true, first_bad: null });
  });
});
