import { afterAll, beforeAll, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { describeEngines } from "@/lib/testing/db";
import { startTestApi } from "@/lib/testing/http";
import { approvalDecisions, approvalRequests, chatLinks, users } from "@/db/schema";
import { resetControlCache } from "@/lib/registry/control";
import { decisionFixture } from "@/lib/decisions/testing";
import { loadAgentSnapshotById } from "@/lib/decisions/agent-cache";
import { decide } from "@/lib/decisions/service";
import { savePolicy } from "@/lib/policy/store";
import { deliverDueChat } from "./deliver";
import { saveSlack } from "./settings";
import { startSlackStandin, TEAM_ID } from "./testing/slack-standin";
import { machineActor, personActor } from "@/lib/auth/actor";

// A rule that names two approvers: from Slack, a linked approver outside the group is refused,
// one named approver leaves the request waiting (1 of 2), the second approves it — lib/approvals
// decides each time; lib/chat only maps the Slack user to the person.
const SECRET = "named-approvers-signing-secret-42";
let slack: Awaited<ReturnType<typeof startSlackStandin>>;
beforeAll(async () => {
  slack = await startSlackStandin({ botToken: "xoxb-named" });
});
afterAll(() => slack.close());

describeEngines("chat approvals: named approvers, N of M", (get) => {
  let api: Awaited<ReturnType<typeof startTestApi>>;
  let agentToken = "";
  let agentId = "";
  const post = (userId: string, approvalId: string) => {
    const c = slack.click({ signingSecret: SECRET, userId, approvalId, action: "approve" });
    return api.request("POST", "/api/chat/slack/interactions", { raw: c.body, headers: c.headers });
  };

  beforeAll(async () => {
    resetControlCache();
    const { db } = get();
    const fx = await decisionFixture(db, "named");
    const a = await fx.agent("named-agent");
    agentToken = a.token;
    agentId = a.agent.id;
    const people = await db
      .insert(users)
      .values([
        { email: "ann-named@acme.test", name: "Ann", role: "approver" },
        { email: "ben-named@acme.test", name: "Ben", role: "approver" },
        { email: "dan-named@acme.test", name: "Dan", role: "approver" },
      ])
      .returning();
    await db.insert(chatLinks).values(people.map((p, i) => ({ provider: "slack", workspaceId: TEAM_ID, externalUserId: `U0NAMED${i}`, userId: p.id })));
    await savePolicy(
      db,
      {
        default_tier: "free",
        rules: [
          {
            id: "prod-two-named",
            tier: "gated",
            match: { action_types: ["deploy"], environments: ["prod"] },
            approvers: { people: ["ann-named@acme.test", "ben-named@acme.test"], required: 2 },
          },
        ],
      },
      machineActor("test"),
    );
    await saveSlack(
      db,
      { enabled: true, mode: "bot", channel: "#approvals", apiUrl: slack.apiUrl, botToken: "xoxb-named", signingSecret: SECRET },
      personActor(fx.admin),
    );
    api = await startTestApi(get());
  });
  afterAll(() => api?.close());

  it("outside the named group → refused; 1 of 2 waits; the second named approver approves", async () => {
    const { db } = get();
    const snap = (await loadAgentSnapshotById(db, agentId))!;
    const out = await decide(
      db,
      snap,
      { action: { type: "deploy", environment: "prod", repository: "acme/named" } as never, initiated_by: "dev-named@acme.test" },
      { source: "api" },
    );
    expect(out.answer.decision).toBe("ask");
    const id = out.answer.approval_id!;
    await deliverDueChat(db);
    const status = async () => (await db.select().from(approvalRequests).where(eq(approvalRequests.id, id)))[0].status;

    const dan = await post("U0NAMED2", id);
    expect(dan.json.outcome).toBe("refused");
    expect(await status()).toBe("pending");

    const ann = await post("U0NAMED0", id);
    expect(ann.json.outcome).toBe("decided");
    expect(ann.json.message).toMatch(/still waits/);
    expect(await status()).toBe("pending");

    const ben = await post("U0NAMED1", id);
    expect(ben.json.outcome).toBe("decided");
    expect(await status()).toBe("approved");
    expect((await api.request("GET", `/api/v1/approvals/${id}`, { token: agentToken })).json.status).toBe("approved");
    const ds = await db.select().from(approvalDecisions).where(eq(approvalDecisions.approvalId, id));
    expect(ds.map((d) => [d.email, d.via]).sort()).toEqual([
      ["ann-named@acme.test", "slack"],
      ["ben-named@acme.test", "slack"],
    ]);
  });
});
