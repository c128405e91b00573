import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeWhen, postgresMissing } from "@/lib/testing/prerequisites";
import { inArray } from "drizzle-orm";
import { createTestDb, type TestDb } from "@/lib/testing/db";
import { auditEvents } from "@/db/schema";
import { realisticPayload } from "@/lib/redaction/corpus";
import { seedAgent } from "./test-fixtures";
import { verifyAuditChain } from "./verify";

// Kill the app process in the middle of a batch, restart, retry: no loss, no duplicates.
// PostgreSQL only: the server must live in another process than the database for a SIGKILL
// of the app to be the realistic failure (embedded PGlite dies with its process).

async function startChild(url: string): Promise<{ child: ChildProcess; base: string }> {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", "--import", "./scripts/register.mjs", path.join(import.meta.dirname, "crash-server.fixture.ts"), url],
    {
      cwd: path.resolve(import.meta.dirname, "../.."),
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  const base = await new Promise<string>((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (d) => {
      out += String(d);
      const m = /PORT (\d+)/.exec(out);
      if (m) resolve(`http://127.0.0.1:${m[1]}`);
    });
    child.on("exit", (c) => reject(new Error(`child exited ${c}`)));
  });
  return { child, base };
}

describeWhen(postgresMissing(), "ingest survives a crash mid-batch [postgres]", () => {
  let h: TestDb;
  let token: string;
  beforeAll(async () => {
    h = await createTestDb("postgres");
    token = (await seedAgent(h.db, "crash-bot")).token;
  }, 60_000);
  afterAll(() => h?.cleanup());

  it.each([5, 40, 120])("SIGKILL %i ms into a 1,000-event batch, then retry", async (delayMs) => {
    const events = Array.from({ length: 1000 }, (_, i) => ({ id: randomUUID(), type: "tool.post", payload: realisticPayload(i, 2048) }));
    const body = JSON.stringify({ events });
    const post = (base: string) =>
      fetch(`${base}/api/v1/events`, { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body });
    const first = await startChild(h.url!);
    const attempt = post(first.base).then(
      (r) => r.status,
      () => "connection lost" as const,
    );
    await new Promise((r) => setTimeout(r, delayMs));
    first.child.kill("SIGKILL");
    const status = await attempt;
    const second = await startChild(h.url!);
    try {
      const retry = await post(second.base);
      expect(retry.status).toBe(202);
      const body2 = (await retry.json()) as { accepted: number; duplicates: number };
      expect(body2.accepted + body2.duplicates).toBe(1000);
      if (status === 202) expect(body2.duplicates).toBe(1000);
      const ids = events.map((e) => e.id);
      const stored = await h.db.select({ id: auditEvents.clientId }).from(auditEvents).where(inArray(auditEvents.clientId, ids));
      expect(stored).toHaveLength(1000);
      expect((await verifyAuditChain(h.db)).ok).toBe(true);
    } finally {
      second.child.kill("SIGKILL");
    }
  });
});
