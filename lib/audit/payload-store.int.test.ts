// Issue 16: a payload larger than OUTSIDE_CHAIN_BYTES is stored outside the chained row, in
// content-addressed parts written before it (payload-store.ts). Readers return it exactly as they
// returned the same payload stored in the row (the in-process path still stores it there), the
// chained row is small, and verify finds an altered, deleted or swapped part (both engines).
import { createHash, randomUUID } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { describeEngines } from "@/lib/testing/db";
import { startTestApi } from "@/lib/testing/http";
import { offLoopSettings } from "@/lib/offload/off-loop";
import { clearProcessSingleton } from "@/lib/util/global";
import { canonicalJson } from "./canonical";
import { getAuditEvent, listAuditEvents, sessionTimeline } from "./queries";
import { CHUNK_BYTES, OUTSIDE_CHAIN_BYTES, splitUtf8 } from "./payload-store";
import { seedAgent, seedIntegrationToken } from "./test-fixtures";
import { verifyAuditChain } from "./verify";
import { withAuditRewrite } from "./rewrite";

const SECRET = "AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

/**
 * About 4.6 MB of JSON at scale 1 (the body limit is 5 MiB): multi-byte text, unsorted keys,
 * numbers, a secret. The tests use less — the round trip a quarter (≈ 1.1 MB, five parts),
 * the tamper tests an eighth (≈ 550 KB, three parts: the keys sort, so part 0 holds the head of
 * `out`, part 2 the tail of `zeta`) — as two 4.6 MB payloads per test took a minute on a busy
 * machine: the code paths are the same from the second part on.
 */
const bigPayload = (tag: string, scale = 1) => ({
  zeta: "é€😀".repeat(250_000 * scale) + tag,
  out: "plain output line\n".repeat(120_000 * scale),
  alpha: [3, 1.5, -0, 1e21, null, true, { y: 1, x: "x" }],
  "10": "ten",
  "2": "two",
  env: `${SECRET}\n`,
  b: { zz: { k: tag }, a: [] },
});

type Row = { seq: number; payload_null: boolean; payload_sha256: string | null; payload_bytes: number | string | null; row_bytes: number | string };

describeEngines("large payloads outside the chained row", (get) => {
  let api: Awaited<ReturnType<typeof startTestApi>>;
  let token: string;
  let reader: string;
  beforeAll(async () => {
    api = await startTestApi(get());
    token = (await seedAgent(get().db, "big-payload-bot")).token;
    reader = await seedIntegrationToken(get().db, ["audit:read"]);
  });
  afterAll(() => api.close());
  afterEach(() => {
    offLoopSettings.disabled = false;
    clearProcessSingleton("body-admission-accounts");
  });

  async function rowOf(clientId: string): Promise<Row> {
    const r = (await get().db.execute(
      sql`SELECT seq, payload IS NULL AS payload_null, payload_sha256, payload_bytes, octet_length(row_to_json(e)::text) AS row_bytes
            FROM audit_events e WHERE client_id = ${clientId}`,
    )) as unknown as { rows: Row[] };
    expect(r.rows).toHaveLength(1);
    return { ...r.rows[0], seq: Number(r.rows[0].seq) };
  }

  async function post(payload: unknown, session: string) {
    const id = randomUUID();
    const r = await api.request("POST", "/api/v1/events", {
      token,
      body: { events: [{ id, type: "tool.post", outcome: "success", session_id: session, payload }] },
    });
    expect(r.status, JSON.stringify(r.json)).toBe(202);
    expect(r.json).toEqual({ accepted: 1, duplicates: 0, rejected: [] });
    return id;
  }

  async function chunks(digest: string) {
    const r = (await get().db.execute(
      sql`SELECT part, octet_length(data) AS n, data FROM audit_payload_chunks WHERE digest = ${digest} ORDER BY part`,
    )) as unknown as { rows: { part: number; n: number | string; data: string }[] };
    return r.rows;
  }

  /** One large event stored outside its row, for a tamper test: its seq and digest. */
  async function largeEvent(tag: string) {
    const id = await post(bigPayload(tag, 1 / 8), `s-${tag}`);
    const row = await rowOf(id);
    expect(row.payload_sha256).toMatch(/^[0-9a-f]{64}$/);
    expect((await chunks(row.payload_sha256!)).length).toBeGreaterThanOrEqual(3);
    // a small event after it: bad positions next to each other merge into one range
    await post({ small: tag }, `s-${tag}`);
    return { seq: row.seq, digest: row.payload_sha256! };
  }

  it("round-trips a 1.1 MB payload (five parts) byte for byte through ingest, the event reads, the explorer, the session timeline and every export format", async () => {
    const session = `s-${randomUUID()}`;
    const outside = await post(bigPayload("A", 1 / 4), session);
    // the same payload through the in-process path, which stores it in the row as before
    offLoopSettings.disabled = true;
    const inRow = await post(bigPayload("A", 1 / 4), `${session}-row`);
    offLoopSettings.disabled = false;

    const a = await rowOf(outside);
    const b = await rowOf(inRow);
    // the chained row holds only the reference: no payload, under 2 KB in all
    expect(a.payload_null).toBe(true);
    expect(Number(a.row_bytes)).toBeLessThan(2048);
    expect(b.payload_null).toBe(false);
    expect(b.payload_sha256).toBeNull();

    // the parts, committed before the 202: ≤ 256 KiB each, numbered 0…n−1, joined they are the
    // canonical JSON of the stored (redacted) payload, whose SHA-256 and length the row names
    const parts = await chunks(a.payload_sha256!);
    expect(parts.length).toBeGreaterThanOrEqual(5);
    expect(parts.map((p) => p.part)).toEqual(parts.map((_, i) => i));
    expect(parts.every((p) => Number(p.n) <= CHUNK_BYTES)).toBe(true);
    const text = parts.map((p) => p.data).join("");
    const bytes = Buffer.from(text, "utf8");
    expect(bytes.length).toBe(Number(a.payload_bytes));
    expect(createHash("sha256").update(bytes).digest("hex")).toBe(a.payload_sha256);
    expect(text).not.toContain("wJalrXUtnFEMI");
    expect(canonicalJson(JSON.parse(text))).toBe(text);

    // every reader gives what it gives for the payload stored in the row, key order included
    const db = get().db;
    const [ea, eb] = [await getAuditEvent(db, a.seq), await getAuditEvent(db, b.seq)];
    expect(JSON.stringify(ea!.payload)).toBe(JSON.stringify(eb!.payload));
    expect((ea!.payload as { zeta: string }).zeta.endsWith("A")).toBe(true);
    expect(JSON.stringify(ea!.payload)).not.toContain("wJalrXUtnFEMI");
    const list = await listAuditEvents(db, { agent: "big-payload-bot" }, undefined, 10);
    const listed = (seq: number) => JSON.stringify(list.events.find((e) => e.seq === seq)!.payload);
    expect(listed(a.seq)).toBe(listed(b.seq));
    expect(JSON.stringify((await sessionTimeline(db, session))[0].payload)).toBe(JSON.stringify(eb!.payload));
    const exported = async (format: string) => {
      const r = await api.request("GET", `/api/v1/audit/export?format=${format}&agent=big-payload-bot`, { token: reader });
      expect(r.status).toBe(200);
      return r.text.trim().split("\n");
    };
    const jsonl = (await exported("jsonl")).map((l) => JSON.parse(l));
    const jsonlPayload = (seq: number) => JSON.stringify(jsonl.find((l) => l.seq === seq).payload);
    expect(jsonlPayload(a.seq)).toBe(JSON.stringify(eb!.payload));
    expect(jsonlPayload(a.seq)).toBe(jsonlPayload(b.seq));
    const ocsf = (await exported("ocsf")).map((l) => JSON.parse(l));
    const ocsfPayloads = ocsf.filter((l) => l.unmapped?.payload?.zeta).map((l) => JSON.stringify(l.unmapped.payload));
    expect(ocsfPayloads).toHaveLength(2);
    expect(ocsfPayloads[0]).toBe(ocsfPayloads[1]);
    const csv = await exported("csv");
    const csvPayload = (seq: number) => {
      const line = csv.find((l) => l.startsWith(`${seq},`))!;
      return line.slice(line.indexOf('"{'), line.lastIndexOf('}"') + 2);
    };
    expect(csvPayload(a.seq).length).toBeGreaterThan(750_000);
    expect(csvPayload(a.seq)).toBe(csvPayload(b.seq));
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true, first_bad: null });
  });

  it("keeps a payload under the threshold in the row, as before", async () => {
    const id = await post({ out: "x".repeat(OUTSIDE_CHAIN_BYTES - 100) }, "s-small");
    const row = await rowOf(id);
    expect(row.payload_null).toBe(false);
    expect(row.payload_sha256).toBeNull();
  });

  it("refuses UPDATE, DELETE and TRUNCATE of the parts (append-only, like audit_events)", async () => {
    const { digest } = await largeEvent("T");
    const db = get().db;
    await expect(db.execute(sql`UPDATE audit_payload_chunks SET data = 'x' WHERE digest = ${digest} AND part = 0`)).rejects.toThrow();
    await expect(db.execute(sql`DELETE FROM audit_payload_chunks WHERE digest = ${digest}`)).rejects.toThrow();
    await expect(db.execute(sql`TRUNCATE audit_payload_chunks`)).rejects.toThrow();
    expect((await chunks(digest)).length).toBeGreaterThanOrEqual(3);
  });

  describe("verify", () => {
    const rangeAt = async (seq: number) => (await verifyAuditChain(get().db)).bad_ranges.find((r) => r.from <= seq && seq <= r.to);

    it("reports an altered part", async () => {
      const { seq, digest } = await largeEvent("alter");
      await withAuditRewrite(get().db, (tx) =>
        tx.execute(sql`UPDATE audit_payload_chunks SET data = replace(data, 'é', 'e') WHERE digest = ${digest} AND part = 2`),
      );
      expect((await rangeAt(seq))?.reason).toMatch(/do not match .* it references \(altered\)/);
    });

    it("reports an altered part of the same length", async () => {
      const { seq, digest } = await largeEvent("same-length");
      await withAuditRewrite(get().db, (tx) =>
        tx.execute(sql`UPDATE audit_payload_chunks SET data = replace(data, 'plain', 'PLAIN') WHERE digest = ${digest} AND part = 0`),
      );
      expect((await rangeAt(seq))?.reason).toMatch(/\(altered\)/);
    });

    it("reports a deleted part, and a payload with every part deleted", async () => {
      const one = await largeEvent("gap");
      const all = await largeEvent("gone");
      await withAuditRewrite(get().db, async (tx) => {
        await tx.execute(sql`DELETE FROM audit_payload_chunks WHERE digest = ${one.digest} AND part = 1`);
        await tx.execute(sql`DELETE FROM audit_payload_chunks WHERE digest = ${all.digest}`);
      });
      const res = await verifyAuditChain(get().db);
      expect(res.ok).toBe(false);
      expect(res.bad_ranges.find((r) => r.from === one.seq)?.reason).toMatch(/a part is missing/);
      expect(res.bad_ranges.find((r) => r.from === all.seq)?.reason).toMatch(/is missing: no stored part/);
    });

    it("reports a swapped reference (another payload's digest and size)", async () => {
      const x = await largeEvent("swap-x");
      const y = await largeEvent("swap-y");
      await withAuditRewrite(get().db, (tx) =>
        tx.execute(
          sql`UPDATE audit_events SET payload_sha256 = ${y.digest}, payload_bytes = (SELECT payload_bytes FROM audit_events WHERE seq = ${y.seq}) WHERE seq = ${x.seq}`,
        ),
      );
      expect((await rangeAt(x.seq))?.reason).toMatch(/does not match its hash/);
      expect(await rangeAt(y.seq)).toBeUndefined();
    });
  });
});

describe("splitUtf8", () => {
  it("cuts at character boundaries, each part at most the limit", () => {
    const text = "a€😀é".repeat(1000);
    const bytes = Buffer.from(text, "utf8");
    for (const max of [4, 5, 7, 64, 1000]) {
      const parts = splitUtf8(bytes, max);
      expect(parts.every((p) => p.length <= max && p.length > 0)).toBe(true);
      expect(parts.map((p) => new TextDecoder("utf-8", { fatal: true }).decode(p)).join("")).toBe(text);
    }
  });
});
