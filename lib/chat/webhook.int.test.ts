import { afterAll, beforeAll, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { describeEngines } from "@/lib/testing/db";
import { startTestApi } from "@/lib/testing/http";
import { approvalRequests, chatLinks, chatMessages, users } from "@/db/schema";
import { decisionFixture } from "@/lib/decisions/testing";
import { loadAgentSnapshotById } from "@/lib/decisions/agent-cache";
import { decide } from "@/lib/decisions/service";
import { decideApproval } from "@/lib/approvals/queries";
import { deliverDueChat } from "./deliver";
import { saveSlack } from "./settings";
import { startSlackStandin, TEAM_ID } from "./testing/slack-standin";
import { personActor } from "@/lib/auth/actor";

// Slack through an incoming webhook (no bot token): the message is posted to the webhook URL, and
// can be changed only through the response_url of a click on it (within 30 minutes).
const SECRET = "webhook-mode-signing-secret-0042";
let slack: Awaited<ReturnType<typeof startSlackStandin>>;
beforeAll(async () => {
  slack = await startSlackStandin();
});
afterAll(() => slack.close());

describeEngines("chat approvals: Slack incoming webhook", (get) => {
  let api: Awaited<ReturnType<typeof startTestApi>>;
  let fx: Awaited<ReturnType<typeof decisionFixture>>;
  let agentId = "";
  const ask = async (command: string) => {
    const snap = (await loadAgentSnapshotById(get().db, agentId))!;
    const out = await decide(
      get().db,
      snap,
      { action: { type: "shell.exec", tool: "Bash", repository: "acme/payments", command }, initiated_by: "dev-hook@acme.test" },
      { source: "api" },
    );
    expect(out.answer.decision).toBe("ask");
    return out.answer.approval_id!;
  };

  beforeAll(async () => {
    const { db } = get();
    fx = await decisionFixture(db, "hook");
    agentId = (await fx.agent("hooked")).agent.id;
    await saveSlack(db, { enabled: true, mode: "webhook", webhookUrl: slack.webhookUrl, apiUrl: slack.apiUrl, signingSecret: SECRET }, personActor(fx.admin));
    api = await startTestApi(get());
  });
  afterAll(() => api?.close());

  it("posts to the webhook; after a click the message is replaced through its response_url", async () => {
    const { db } = get();
    const id = await ask("terraform plan -target=module.hook1");
    await deliverDueChat(db);
    const posted = slack.of("webhook").find((p) => JSON.stringify(p.body.blocks).includes(id))!;
    expect(posted.path).toBe(new URL(slack.webhookUrl).pathname);

    const [ann] = await db.insert(users).values({ email: "ann-hook@acme.test", name: "Ann", role: "approver" }).returning();
    await db.insert(chatLinks).values({ provider: "slack", workspaceId: TEAM_ID, externalUserId: "U0HOOKANN", userId: ann.id });
    const click = slack.click({ signingSecret: SECRET, userId: "U0HOOKANN", approvalId: id, action: "deny" });
    const r = await api.request("POST", "/api/chat/slack/interactions", { raw: click.body, headers: click.headers });
    expect(r.json.outcome).toBe("decided");
    await deliverDueChat(db);
    const replaced = slack.of("response").filter((x) => x.path === new URL(click.responseUrl).pathname && x.body.replace_original === true);
    expect(replaced).toHaveLength(1);
    expect(JSON.stringify(replaced[0].body.blocks)).toContain("Denied by ann-hook@acme.test");
    expect((await db.select().from(chatMessages).where(eq(chatMessages.approvalId, id)))[0]).toMatchObject({ status: "delivered", shownStatus: "denied" });
  });

  it("without a click there is nothing to update through: the change is recorded as not shown in place", async () => {
    const { db } = get();
    const id = await ask("terraform plan -target=module.hook2");
    await deliverDueChat(db);
    const before = slack.received.length;
    await decideApproval(db, { id, decision: "approve", reason: "from the web" }, personActor(fx.admin));
    await deliverDueChat(db);
    expect(slack.received.length).toBe(before);
    const [m] = await db.select().from(chatMessages).where(eq(chatMessages.approvalId, id));
    expect(m.shownStatus).toBe("approved");
    expect(m.lastError).toMatch(/bot token/);
    expect((await db.select().from(approvalRequests).where(eq(approvalRequests.id, id)))[0].status).toBe("approved");
  });
});
