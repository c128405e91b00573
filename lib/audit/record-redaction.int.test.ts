// Redaction at the storage boundary of the audit trail: every audit row passes through
// record.ts, so a write path that forgets to redact (a kill reason, an approval decision's
// reason, a decision's endpoint, initiator or session id) still stores no secret.
import { expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { describeEngines } from "@/lib/testing/db";
import { SECRET_CORPUS } from "@/lib/redaction/corpus";
import { appendAuditEventsAtomic, recordAudit } from "./record";
import { verifyAuditChain } from "./verify";

const secrets = SECRET_CORPUS.filter((e) => e.standalone);
const planted = [
  ...secrets.map((e) => e.secret),
  "Zq8v0pLx2WwHunter", // DB_PASSWORD=…
  "correct-horse-battery-staple", // under a "password" key
];

/** Every text column of the audit and session tables, as one string. */
async function dump(db: Parameters<typeof recordAudit>[0]): Promise<string> {
  const a = (await db.execute(sql`SELECT e::text AS t FROM audit_events e`)) as unknown as { rows: { t: string }[] };
  const s = (await db.execute(sql`SELECT s::text AS t FROM agent_sessions s`)) as unknown as { rows: { t: string }[] };
  return [...a.rows, ...s.rows].map((r) => r.t).join("\n");
}

describeEngines("audit rows are redacted at the storage boundary", (get) => {
  it("a governance act and a decision with secrets in every free-text field store none of them", async () => {
    const { db } = get();
    await recordAudit(db, {
      actorKind: "human",
      actorLabel: "sec@acme.test",
      type: "agent.kill",
      resource: `agent:x ${secrets[0].secret}`,
      payload: { reason: `leaked ${secrets[1].secret} in the log; DB_PASSWORD=Zq8v0pLx2WwHunter`, nested: { password: "correct-horse-battery-staple" } },
    });
    await appendAuditEventsAtomic(
      db,
      secrets.map((e, i) => ({
        actorKind: "agent" as const,
        type: "decision",
        agentSlug: "bot",
        sessionId: `sess ${e.secret}`,
        initiatedBy: i % 2 ? `alice ${e.secret}` : "alice",
        endpoint: `https://api.example.com/?k=${e.secret}`,
        command: `echo ${e.secret}`,
        rollbackRef: e.secret,
        decision: "allow",
      })),
      { sessions: secrets.map((e) => ({ id: `sess ${e.secret}`, agentId: null, agentSlug: "bot", initiatedBy: `alice ${e.secret}`, at: new Date() })) },
    );
    const text = await dump(db);
    const leaked = planted.filter((p) => text.includes(p));
    expect(leaked).toEqual([]);
    expect(text).toContain("[REDACTED:");
    const counted = (await db.execute(sql`SELECT sum(redactions)::int AS n FROM audit_events`)) as unknown as { rows: { n: number }[] };
    expect(counted.rows[0].n).toBeGreaterThanOrEqual(secrets.length * 4);
    expect((await verifyAuditChain(db)).ok).toBe(true);
  });
});
