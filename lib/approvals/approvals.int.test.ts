import { beforeAll, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { approvalRequests, users } from "@/db/schema";
import { describeEngines } from "@/lib/testing/db";
import { resetControlCache } from "@/lib/registry/control";
import { decisionFixture } from "@/lib/decisions/testing";
import { authenticateAgentCached } from "@/lib/decisions/agent-cache";
import { decide } from "@/lib/decisions/service";
import { bulkDeny, expireDue, listHistory, listPending } from "./queries";
import { toCsv, toItem } from "./view";
import { personActor } from "@/lib/auth/actor";

describeEngines("approval queue and history", (get) => {
  let fx: Awaited<ReturnType<typeof decisionFixture>>;
  let approver: { id: string; email: string };
  const ask = async (token: string, action: Record<string, string>, initiated_by?: string) => {
    const db = get().db;
    const caller = await authenticateAgentCached(db, { header: (n) => (n === "authorization" ? `Bearer ${token}` : undefined) });
    const { answer } = await decide(db, caller, { action: action as never, initiated_by }, { source: "api" });
    expect(answer.decision).toBe("ask");
    return answer.approval_id!;
  };
  beforeAll(async () => {
    resetControlCache();
    fx = await decisionFixture(get().db, "apq");
    [approver] = await get().db.insert(users).values({ email: "q-approver@acme.test", name: "Q", role: "approver" }).returning();
  });

  it("orders the queue riskiest first, bulk-denies (skipping own requests) and keeps history filterable and exportable", async () => {
    const { token } = await fx.agent("queue-agent");
    const low = await ask(token, { type: "dependency.change", repository: "acme/a" });
    const high = await ask(token, { type: "shell.exec", tool: "Bash", command: "terraform apply", environment: "prod" });
    const own = await ask(token, { type: "git.merge", repository: "acme/a", branch: "main" }, approver.email);
    const pending = await listPending(get().db);
    const ids = pending.map((p) => p.id);
    expect(ids.indexOf(high)).toBeLessThan(ids.indexOf(low));
    expect(pending.find((p) => p.id === high)?.sponsorEmail).toBe(fx.sponsor.email);

    const res = await bulkDeny(get().db, [low, high, own], "not now", personActor(approver));
    expect(
      res
        .filter((r) => r.ok)
        .map((r) => r.id)
        .sort(),
    ).toEqual([low, high].sort());
    expect(res.find((r) => r.id === own)?.error).toMatch(/initiated/);

    await get()
      .db.update(approvalRequests)
      .set({ expiresAt: new Date(Date.now() - 1) })
      .where(eq(approvalRequests.id, own));
    expect(await expireDue(get().db)).toBeGreaterThanOrEqual(1);

    const denied = await listHistory(get().db, { status: "denied", agent: "queue-agent-apq" });
    expect(denied.map((d) => d.id).sort()).toEqual([low, high].sort());
    const expired = await listHistory(get().db, { status: "expired" });
    expect(expired.map((d) => d.id)).toContain(own);
    const csv = toCsv(denied.map(toItem));
    expect(csv.split("\r\n")[0]).toContain("decidedBy");
    expect(csv).toContain(",q-approver@acme.test,");
    // A command that looks like a spreadsheet formula is neutralised in the export.
    expect(toCsv([{ ...toItem(denied[0]), command: '=HYPERLINK("x")' }])).toContain(`"'=HYPERLINK(""x"")"`);
  });
});
