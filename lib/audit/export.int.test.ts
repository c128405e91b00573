import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeEngines } from "@/lib/testing/db";
import { startTestApi } from "@/lib/testing/http";
import { listAuditEvents } from "./queries";
import { seedAgent, seedIntegrationToken } from "./test-fixtures";

describeEngines("audit export and explorer queries", (get) => {
  let api: Awaited<ReturnType<typeof startTestApi>>;
  let reader: string;
  beforeAll(async () => {
    api = await startTestApi(get());
    const a = await seedAgent(get().db, "export-bot");
    const other = await seedAgent(get().db, "other-bot");
    reader = await seedIntegrationToken(get().db, ["audit:read"]);
    const mk = (i: number, session: string) => ({
      id: randomUUID(),
      type: i % 2 ? "tool.post" : "tool.pre",
      session_id: session,
      action: { type: "file.write", tool: "Edit", resource: `src/f${i}.ts`, command: i === 3 ? '=cmd|"x"' : undefined },
      outcome: "success",
      payload: { i, text: "line1\nline2, with comma" },
    });
    await api.request("POST", "/api/v1/events", { token: a.token, body: { events: Array.from({ length: 120 }, (_, i) => mk(i, "s-export")) } });
    await api.request("POST", "/api/v1/events", { token: other.token, body: { events: Array.from({ length: 30 }, (_, i) => mk(i, "s-other")) } });
  });
  afterAll(() => api.close());

  it("streams JSON Lines filtered by agent, oldest first", async () => {
    const r = await api.request("GET", "/api/v1/audit/export?format=jsonl&agent=export-bot", { token: reader });
    expect(r.status).toBe(200);
    expect(r.headers.get("content-type")).toMatch(/ndjson/);
    const lines = r.text
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(120);
    expect(lines.every((l) => l.agent === "export-bot" && l.session_id === "s-export")).toBe(true);
    expect(lines[0].seq).toBeLessThan(lines[1].seq);
  });

  it("streams CSV with quoting and formula-injection guard", async () => {
    const r = await api.request("GET", "/api/v1/audit/export?format=csv&session=s-other&type=tool.post", { token: reader });
    expect(r.status).toBe(200);
    const rows = r.text.trim().split("\r\n");
    expect(rows[0].startsWith("seq,id,time")).toBe(true);
    expect(rows).toHaveLength(1 + 15);
    expect(r.text).toContain(`"'=cmd|""x"""`);
  });

  it("maps to OCSF API Activity", async () => {
    const r = await api.request("GET", "/api/v1/audit/export?format=ocsf&agent=other-bot", { token: reader });
    const first = JSON.parse(r.text.split("\n")[0]);
    expect(first).toMatchObject({ class_uid: 6003, category_uid: 6, activity_id: 1, type_uid: 600301, status_id: 1 });
    expect(first.metadata.version).toMatch(/^1\./);
  });

  it("refuses tokens without audit:read and bad filters", async () => {
    const w = await seedIntegrationToken(get().db, ["events:write"]);
    expect((await api.request("GET", "/api/v1/audit/export?format=jsonl", { token: w })).status).toBe(403);
    expect((await api.request("GET", "/api/v1/audit/export?format=xml", { token: reader })).status).toBe(400);
    expect((await api.request("GET", "/api/v1/audit/verify")).status).toBe(401);
    const v = await api.request("GET", "/api/v1/audit/verify", { token: reader });
    expect(v.json).toMatchObject({ ok: true, first_bad: null });
  });

  it("pages newest-first by keyset without gaps or repeats", async () => {
    const seen: number[] = [];
    let cursor: number | undefined;
    do {
      const page = await listAuditEvents(get().db, { agent: "export-bot" }, cursor, 25);
      seen.push(...page.events.map((e) => e.seq));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toHaveLength(120);
    expect([...seen].sort((a, b) => b - a)).toEqual(seen);
    const filtered = await listAuditEvents(get().db, { resource: "src/f1", q: "Edit", session: "s-export" });
    expect(filtered.events.map((e) => e.resource).every((r) => r!.startsWith("src/f1"))).toBe(true);
    expect(filtered.events.length).toBe(31); // f1, f10..f19, f100..f119
  });
});
