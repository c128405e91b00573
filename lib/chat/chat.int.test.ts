import { afterAll, beforeAll, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { describeEngines } from "@/lib/testing/db";
import { startTestApi } from "@/lib/testing/http";
import { approvalRequests, chatLinks, chatMessages, users } from "@/db/schema";
import { decisionFixture } from "@/lib/decisions/testing";
import { loadAgentSnapshotById } from "@/lib/decisions/agent-cache";
import { decide } from "@/lib/decisions/service";
import { killAgent } from "@/lib/registry/lifecycle";
import { deliverDueChat, testSend } from "./deliver";
import { linkChatUser, readLinkToken } from "./links";
import { saveSlack, saveTeams } from "./settings";
import { loadChatConfig } from "./config";
import { startSlackStandin, TEAM_ID } from "./testing/slack-standin";
import { personActor } from "@/lib/auth/actor";

const SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
const BOT = "xoxb-1-test-bot-token";
let slack: Awaited<ReturnType<typeof startSlackStandin>>;

beforeAll(async () => {
  slack = await startSlackStandin({ botToken: BOT });
});
afterAll(() => slack.close());

function texts(body: Record<string, unknown>): string {
  return JSON.stringify(body.blocks ?? body);
}

describeEngines("chat approvals (Slack stand-in)", (get) => {
  let api: Awaited<ReturnType<typeof startTestApi>>;
  let fx: Awaited<ReturnType<typeof decisionFixture>>;
  let agentToken = "";
  let agentId = "";
  const post = (req: { body: string; headers: Record<string, string> }) =>
    api.request("POST", "/api/chat/slack/interactions", { raw: req.body, headers: req.headers });
  const ask = async (command: string, initiatedBy = "dev@acme.test") => {
    const snap = (await loadAgentSnapshotById(get().db, agentId))!;
    const out = await decide(
      get().db,
      snap,
      {
        action: { type: "shell.exec", tool: "Bash", repository: "acme/payments", command },
        session_id: "s-chat",
        initiated_by: initiatedBy,
        justification: "needed",
      },
      { source: "api" },
    );
    expect(out.answer.decision).toBe("ask");
    return out.answer.approval_id as string;
  };
  const person = async (email: string, role: "approver" | "viewer" | "admin") =>
    (await get().db.insert(users).values({ email, name: email, role }).returning())[0];
  const linkAs = async (userId: string, who: { id: string; email: string }) => {
    await get().db.insert(chatLinks).values({ provider: "slack", workspaceId: TEAM_ID, externalUserId: userId, userId: who.id });
  };

  beforeAll(async () => {
    const { db } = get();
    fx = await decisionFixture(db, "chat");
    const a = await fx.agent("chatty");
    agentToken = a.token;
    agentId = a.agent.id;
    await saveSlack(
      db,
      { enabled: true, mode: "bot", channel: "#approvals", apiUrl: slack.apiUrl, botToken: BOT, signingSecret: SECRET },
      personActor(fx.admin),
    );
    api = await startTestApi(get());
  });
  afterAll(() => api?.close());

  it("stores the credentials encrypted, never in the clear", async () => {
    const [row] = await get()
      .db.execute<{ secrets: string }>(/* sql */ `select secrets from chat_integrations where provider = 'slack'` as never)
      .then((r) => (r as unknown as { rows: { secrets: string }[] }).rows);
    expect(row.secrets).not.toContain(BOT);
    expect(row.secrets).not.toContain(SECRET);
    expect((await loadChatConfig(get().db, "slack"))?.botToken).toBe(BOT);
  });

  it("posts a Block Kit message with Approve / Deny / Open, then refuses forged, stale and replayed clicks", async () => {
    const { db } = get();
    slack.received.length = 0;
    const id = await ask("terraform plan -target=module.chat1");
    expect(await deliverDueChat(db)).toEqual({ attempted: 1, delivered: 1 });
    const [msg] = slack.of("postMessage");
    expect(msg.auth).toBe(`Bearer ${BOT}`);
    expect(msg.body.channel).toBe("#approvals");
    const actions = (msg.body.blocks as { type: string; elements?: { action_id: string; value?: string; url?: string }[] }[]).find(
      (b) => b.type === "actions",
    )!;
    expect(actions.elements!.map((e) => e.action_id)).toEqual(["gatehouse_approve", "gatehouse_deny", "gatehouse_open"]);
    expect(actions.elements![0].value).toBe(id);
    const [row] = await db.select().from(chatMessages).where(eq(chatMessages.approvalId, id));
    expect(row).toMatchObject({ status: "delivered", channel: "C0APPROVALS", shownStatus: "pending" });
    expect(row.messageTs).toBeTruthy();

    // the Open link: signed, expiring, to the approval page; a tampered one is refused
    const openUrl = new URL(actions.elements![2].url!);
    const open = await fetch(`${api.base}${openUrl.pathname}${openUrl.search}`, { redirect: "manual" });
    expect(open.status).toBe(303);
    expect(open.headers.get("location")).toBe(`/approvals/${id}`);
    const t = openUrl.searchParams.get("t")!;
    expect((await api.request("GET", `/api/chat/open?t=${t.slice(0, -2)}xx`)).status).toBe(404);

    const approver = await person("slack-approver-1@acme.test", "approver");
    await linkAs("U0APPROVER1", approver);

    const forged = slack.click({ signingSecret: "not-the-secret", userId: "U0APPROVER1", approvalId: id, action: "approve" });
    const r1 = await post(forged);
    expect(r1.status).toBe(401);
    expect(r1.json.error.code).toBe("invalid_signature");

    const valid = slack.click({ signingSecret: SECRET, userId: "U0APPROVER1", approvalId: id, action: "approve" });
    // the same body signed with another timestamp, or the body changed under the signature
    const tampered = { ...valid, body: valid.body.replace("gatehouse_approve", "gatehouse_deny") };
    expect((await post(tampered)).status).toBe(401);

    const stale = slack.click({
      signingSecret: SECRET,
      userId: "U0APPROVER1",
      approvalId: id,
      action: "approve",
      timestamp: Math.floor(Date.now() / 1000) - 6 * 60,
    });
    const r2 = await post(stale);
    expect(r2.status).toBe(401);
    expect(r2.json.error.code).toBe("stale_request");
    const [still] = await db.select().from(approvalRequests).where(eq(approvalRequests.id, id));
    expect(still.status).toBe("pending");

    const ok = await post(valid);
    expect(ok.status).toBe(200);
    expect(ok.json.outcome).toBe("decided");
    const replay = await post(valid);
    expect(replay.status).toBe(409);
    expect(replay.json.error.code).toBe("replayed");
  });

  it("an unlinked Slack user is refused and offered a link; the link binds them once, audited", async () => {
    const { db } = get();
    const id = await ask("terraform plan -target=module.chat2");
    slack.received.length = 0;
    const click = slack.click({ signingSecret: SECRET, userId: "U0NEWCOMER", username: "newcomer", approvalId: id, action: "approve" });
    const r = await post(click);
    expect(r.status).toBe(200);
    expect(r.json.outcome).toBe("unlinked");
    const [reply] = slack.of("response");
    expect(reply.path).toBe(new URL(click.responseUrl).pathname);
    expect(reply.body).toMatchObject({ response_type: "ephemeral", replace_original: false });
    const urls = JSON.stringify(reply.body.blocks).match(/http[^"]+/g)!;
    const linkUrl = new URL(urls.find((u) => u.includes("/chat-link?t="))!);
    expect(urls.some((u) => u.includes("/api/chat/open?t="))).toBe(true);
    expect((await db.select().from(approvalRequests).where(eq(approvalRequests.id, id)))[0].status).toBe("pending");

    const token = linkUrl.searchParams.get("t")!;
    expect(readLinkToken(token)).toMatchObject({ provider: "slack", workspaceId: TEAM_ID, externalUserId: "U0NEWCOMER", displayName: "newcomer" });
    expect(readLinkToken(token.replace(/.$/, (c) => (c === "A" ? "B" : "A")))).toBeNull();
    const me = await person("newcomer@acme.test", "approver");
    await linkChatUser(db, token, personActor(me));
    await expect(linkChatUser(db, token, personActor(me))).rejects.toMatchObject({ status: 409 });
    const links = await db.select().from(chatLinks).where(eq(chatLinks.externalUserId, "U0NEWCOMER"));
    expect(links.map((l) => l.userId)).toEqual([me.id]);
    const ev = (await db.execute(`select type, actor_label from audit_events where type = 'chat.link'` as never)) as unknown as {
      rows: { actor_label: string }[];
    };
    expect(ev.rows.map((e) => e.actor_label)).toContain("newcomer@acme.test");

    // now linked: the next click decides (as that person)
    const again = await post(slack.click({ signingSecret: SECRET, userId: "U0NEWCOMER", approvalId: id, action: "deny" }));
    expect(again.json.outcome).toBe("decided");
    const [row] = await db.select().from(approvalRequests).where(eq(approvalRequests.id, id));
    expect(row).toMatchObject({ status: "denied", decidedByLabel: "newcomer@acme.test" });
  });

  it("a linked person who may not decide is refused: a viewer, and the request's own initiator", async () => {
    const { db } = get();
    const id = await ask("terraform plan -target=module.chat3", "initiator@acme.test");
    const viewer = await person("slack-viewer@acme.test", "viewer");
    await linkAs("U0VIEWER", viewer);
    const r1 = await post(slack.click({ signingSecret: SECRET, userId: "U0VIEWER", approvalId: id, action: "approve" }));
    expect(r1.json.outcome).toBe("not_permitted");
    const initiator = await person("initiator@acme.test", "approver");
    await linkAs("U0INITIATOR", initiator);
    slack.received.length = 0;
    const r2 = await post(slack.click({ signingSecret: SECRET, userId: "U0INITIATOR", approvalId: id, action: "approve" }));
    expect(r2.json.outcome).toBe("refused");
    expect(r2.json.message).toMatch(/initiated this request/);
    expect(JSON.stringify(slack.of("response")[0].body)).toContain("Open in Gatehouse");
    expect((await db.select().from(approvalRequests).where(eq(approvalRequests.id, id)))[0].status).toBe("pending");
  });

  it("a linked approver approves from Slack: the agent's next poll sees approved, and the message is updated in place", async () => {
    const { db } = get();
    slack.received.length = 0;
    const id = await ask("terraform plan -target=module.chat4");
    await deliverDueChat(db);
    const posted = slack.of("postMessage").find((p) => texts(p.body).includes(id))!;
    const approver = await person("slack-approver-4@acme.test", "approver");
    await linkAs("U0APPROVER4", approver);
    const poll = async () => (await api.request("GET", `/api/v1/approvals/${id}`, { token: agentToken })).json.status;
    expect(await poll()).toBe("pending");
    const r = await post(slack.click({ signingSecret: SECRET, userId: "U0APPROVER4", approvalId: id, action: "approve" }));
    expect(r.json.outcome).toBe("decided");
    expect(await poll()).toBe("approved");

    await deliverDueChat(db);
    const [m] = await db.select().from(chatMessages).where(eq(chatMessages.approvalId, id));
    expect(posted.body.channel).toBe("#approvals");
    const upd = slack.of("update").find((u) => u.body.ts === m.messageTs)!;
    expect(upd).toBeTruthy();
    expect(upd.body.channel).toBe("C0APPROVALS");
    expect(texts(upd.body)).toContain("Approved by slack-approver-4@acme.test");
    expect(texts(upd.body)).not.toContain("gatehouse_approve");
  });

  it("a request that expires, or whose agent is killed, while the message is open: the message is updated", async () => {
    const { db } = get();
    slack.received.length = 0;
    const expiring = await ask("terraform plan -target=module.chat5");
    await deliverDueChat(db);
    expect(slack.of("postMessage")).toHaveLength(1);
    await db
      .update(approvalRequests)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(approvalRequests.id, expiring));
    await deliverDueChat(db);
    const [upd] = slack.of("update");
    expect(texts(upd.body)).toContain("Expired");
    expect(texts(upd.body)).not.toContain("gatehouse_approve");
    expect((await db.select().from(chatMessages).where(eq(chatMessages.approvalId, expiring)))[0].shownStatus).toBe("expired");

    // a failed update is retried (the queue's backoff), then shows the state
    slack.received.length = 0;
    const other = await ask("terraform plan -target=module.chat6");
    await deliverDueChat(db);
    slack.failNext(1);
    await killAgent(db, agentId, "runaway", personActor(fx.admin));
    await deliverDueChat(db, { baseBackoffMs: 0 });
    // the kill cancelled every waiting request of the agent: one update failed and waits for its retry
    const open = await db.select().from(chatMessages).where(eq(chatMessages.shownStatus, "pending"));
    expect(open.map((r) => [r.status, r.attempts])).toEqual([["retrying", 1]]);
    await deliverDueChat(db, { baseBackoffMs: 0 });
    const [m] = await db.select().from(chatMessages).where(eq(chatMessages.approvalId, other));
    expect(m).toMatchObject({ status: "delivered", shownStatus: "cancelled" });
    expect(await db.select().from(chatMessages).where(eq(chatMessages.shownStatus, "pending"))).toEqual([]);
    const ups = slack.of("update");
    expect(texts(ups[ups.length - 1].body)).toContain("Cancelled");
  });

  it("Teams: an Adaptive Card with Open in Gatehouse through the workflow URL; test-send works for both", async () => {
    const { db } = get();
    await saveTeams(db, { enabled: true, workflowUrl: `${slack.base}/hooks/teams-workflow/sig=abc` }, personActor(fx.admin));
    slack.received.length = 0;
    expect(await testSend(db, "teams")).toMatchObject({ error: null, status: 200 });
    expect(await testSend(db, "slack")).toMatchObject({ error: null, status: 200 });
    const [card] = slack.of("webhook");
    const content = (card.body.attachments as { contentType: string; content: { type: string; actions: { type: string; title: string }[] } }[])[0];
    expect(content.contentType).toBe("application/vnd.microsoft.card.adaptive");
    expect(content.content.actions[0]).toMatchObject({ type: "Action.OpenUrl", title: "Open in Gatehouse" });
    expect(slack.of("postMessage")).toHaveLength(1);
  });
});
