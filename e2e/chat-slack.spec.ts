import { test, expect, ACCOUNTS, signInAs } from "./fixtures";
import { createIntegrationToken } from "./agent-api";
import { startSlackStandin } from "../lib/chat/testing/slack-standin";

// Issue 21: an agent asks (Claude Code hook), the Slack stand-in receives the Block Kit message,
// the linked approver's button click (a v0-signed POST to the interactions endpoint) approves,
// and the agent's next hook call is allowed; the message is updated in place.
const SIGNING = "e2e-slack-signing-secret-0123456789";
const BOT = "xoxb-e2e-bot-token";

test("Slack: configure and test-send, an agent asks, a linked approver approves from Slack, the agent proceeds", async ({ page, browser, request }) => {
  const slack = await startSlackStandin({ botToken: BOT });
  try {
    const tag = Date.now().toString(36);
    const integration = await createIntegrationToken(page, `chat e2e ${tag}`);
    // an agent of the test's own that may write files (a CI workflow file is gated by the demo policy)
    const auth = { Authorization: `Bearer ${integration}` };
    const team = (await (await request.get("/api/v1/teams", { headers: auth })).json()).teams[0].slug as string;
    const slug = `chat-e2e-${tag}`;
    const created = await request.post("/api/v1/agents", {
      headers: auth,
      data: {
        slug,
        name: slug,
        role: "deployment",
        team,
        sponsor: ACCOUNTS.eng_manager,
        model: "claude-sonnet-4-5",
        toolchain: "claude-code 2.0",
        scope: { repositories: ["acme/*"], branches: ["main", "feature/*"], environments: ["staging"], tools: ["Bash", "Write"], paths: ["**"] },
      },
    });
    expect(created.status()).toBe(201);
    const tok = await request.post(`/api/v1/agents/${slug}/tokens`, { headers: auth, data: { ttl_seconds: 3600 } });
    expect(tok.status()).toBe(201);
    const agentAuth = { Authorization: `Bearer ${(await tok.json()).token}` };

    // Settings → Integrations (admin): Slack through a bot token, then a test message
    await page.goto("/settings/integrations");
    await page.getByLabel("Channel").fill("#approvals");
    await page.getByLabel("Bot token (xoxb-…)").fill(BOT);
    await page.getByLabel("Signing secret (for the Approve / Deny buttons)").fill(SIGNING);
    await page.getByLabel("Slack API URL (optional)").fill(slack.apiUrl);
    await page.getByRole("button", { name: "Save Slack settings" }).click();
    await expect(page.getByText("Saved.")).toBeVisible();
    await expect(page.getByLabel("Bot token (xoxb-…)")).toHaveAttribute("placeholder", /^Set \(xoxb…en\)/);
    await page.getByRole("button", { name: "Send a test message" }).first().click();
    await expect(page.getByTestId("slack-test-result")).toHaveText("Delivered (HTTP 200).");
    expect(slack.of("postMessage").map((m) => m.body.channel)).toEqual(["#approvals"]);

    // the agent asks through its hook: a workflow file is gated
    const hook = () =>
      request.post("/api/hooks/claude-code?wait_seconds=1", {
        headers: agentAuth,
        data: {
          session_id: `e2e-chat-${tag}`,
          transcript_path: "/tmp/t.jsonl",
          cwd: "/work/payments",
          permission_mode: "default",
          hook_event_name: "PreToolUse",
          tool_name: "Write",
          tool_input: { file_path: `/work/payments/.github/workflows/chat-${tag}.yml`, content: "name: ci\n" },
          tool_use_id: `toolu_chat_${tag}`,
        },
      });
    const first = (await (await hook()).json()).hookSpecificOutput;
    expect(first.permissionDecision).toBe("deny");
    const id = /Approval ([0-9a-f-]{36})/.exec(first.permissionDecisionReason)?.[1];
    expect(id, first.permissionDecisionReason).toBeTruthy();

    // the worker posts it to Slack with Approve / Deny / Open in Gatehouse
    const posted = () => slack.of("postMessage").find((m) => JSON.stringify(m.body.blocks).includes(id!));
    await expect.poll(() => !!posted(), { timeout: 30_000 }).toBe(true);

    // an unlinked click decides nothing and offers the link; the approver opens it signed in
    const click = (action: "approve" | "deny") => {
      const c = slack.click({ signingSecret: SIGNING, userId: "U0E2EAPPROVER", username: "approver", approvalId: id!, action });
      return request.post("/api/chat/slack/interactions", { headers: c.headers, data: c.body });
    };
    const unlinked = await click("approve");
    expect(unlinked.status()).toBe(200);
    expect((await unlinked.json()).outcome).toBe("unlinked");
    const reply = slack.of("response").at(-1)!;
    const linkUrl = JSON.stringify(reply.body.blocks).match(/http[^"]+\/chat-link\?t=[^"]+/)![0];
    const approverContext = await browser.newContext();
    const approver = await approverContext.newPage();
    await signInAs(approver, "approver");
    await approver.goto(linkUrl);
    await expect(approver.getByText("U0E2EAPPROVER")).toBeVisible();
    await approver.getByRole("button", { name: "Yes, link this Slack account to me" }).click();
    await expect(approver.getByText(/^Linked\./)).toBeVisible();
    await approverContext.close();

    // the linked approver's click approves; the agent's next hook call is allowed
    const approved = await click("approve");
    expect(approved.status()).toBe(200);
    expect(await approved.json()).toMatchObject({ ok: true, outcome: "decided" });
    // (the agent's next call runs under the approval; reading it through GET /api/v1/approvals/:id
    // would use it up — an approval grants one call)
    const next = (await (await hook()).json()).hookSpecificOutput;
    expect(next.permissionDecision).toBe("allow");

    // the Slack message is updated in place: no buttons, who approved
    expect(posted()!.body.channel).toBe("#approvals");
    await expect
      .poll(() => slack.of("update").some((u) => JSON.stringify(u.body.blocks).includes(`Approved by ${ACCOUNTS.approver}`)), { timeout: 30_000 })
      .toBe(true);

    // Settings lists the delivery and the linked person
    await page.goto("/settings/integrations");
    await expect(page.getByRole("cell", { name: ACCOUNTS.approver })).toBeVisible();
    await expect(page.getByRole("link", { name: new RegExp(`chat-e2e-${tag}`) }).first()).toBeVisible();
  } finally {
    await slack.close();
  }
});
