import { expect, it } from "vitest";
import { type Db, transaction } from "@/db/client";
import { describeEngines } from "@/lib/testing/db";
import { appendAuditEvents, type AuditInput } from "./record";
import { listAuditEvents } from "./queries";

const EVENTS: AuditInput[] = [
  {
    actorKind: "agent",
    type: "tool.post",
    agentSlug: "search-bot",
    sessionId: "sess-alpha",
    tool: "Bash",
    command: "npm run build 100%_done",
    repository: "acme/Payments",
  },
  { actorKind: "agent", type: "tool.post", agentSlug: "search-bot", sessionId: "sess-beta", tool: "Edit", resource: "src/Ledger/post.ts" },
  { actorKind: "human", type: "agent.kill", actorLabel: "Dana@acme.test", resource: "agent:search-bot" },
  { actorKind: "agent", type: "prompt", agentSlug: "other-bot", sessionId: "sess-gamma", command: "npm run build 1000 done" },
];

async function seed(db: Db) {
  await transaction(db, (tx) => appendAuditEvents(tx, EVENTS));
}

const hits = async (db: Db, q: string) => (await listAuditEvents(db, { q })).events.map((e) => e.sessionId ?? e.actorLabel ?? e.type).sort();

describeEngines("audit explorer free-text search", (get) => {
  it("finds a term in any searched column, case-insensitively; % and _ are literal; no match spans two columns", async () => {
    const { db } = get();
    await seed(db);
    expect(await hits(db, "LEDGER/post")).toEqual(["sess-beta"]); // resource
    expect(await hits(db, "payments")).toEqual(["sess-alpha"]); // repository, other case
    expect(await hits(db, "dana@")).toEqual(["Dana@acme.test"]); // actor
    expect(await hits(db, "sess-gam")).toEqual(["sess-gamma"]); // session
    expect(await hits(db, "agent.kill")).toEqual(["Dana@acme.test"]); // type
    expect(await hits(db, "edit")).toEqual(["sess-beta"]); // tool
    expect(await hits(db, "other-bot")).toEqual(["sess-gamma"]); // agent
    // "100%_done" matches itself only: % and _ are not wildcards
    expect(await hits(db, "100%_done")).toEqual(["sess-alpha"]);
    expect(await hits(db, "1%_d")).toEqual([]);
    // no match across the boundary of two columns (resource "…post.ts", tool "Edit", agent "search-bot")
    expect(await hits(db, "post.ts edit")).toEqual([]);
    expect(await hits(db, "edit search")).toEqual([]);
    expect(await hits(db, "\u001f")).toHaveLength(4); // the separator itself is ignored
  });
});
