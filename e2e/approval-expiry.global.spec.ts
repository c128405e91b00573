import { ACCOUNTS, expect, signInAs, test } from "./fixtures";

// An expired request reads "expired" and the hook denies while it waits. The test shortens the
// GLOBAL approval TTL to 30 s for as long as it runs, which would change what every other spec
// sees; so it lives in the `global-state` Playwright project (`*.global.spec.ts`), which runs
// only after the `chromium` project has finished (playwright.config.ts). Run it alone with
// `npx playwright test --project global-state --no-deps`.
const tag = `exp-${Date.now().toString(36)}`;

test("an expired request reads expired and the hook denies while it waits", async ({ page, request }) => {
  test.setTimeout(150_000);
  await signInAs(page, "admin");
  await page.goto("/settings/tokens");
  await page.getByLabel("Name").fill(`e2e expiry ${tag}`);
  for (const s of ["agents:write", "policies:write"]) await page.getByRole("checkbox", { name: s }).check();
  await page.getByRole("button", { name: "Create token" }).click();
  const integration = ((await page.getByTestId("new-token").textContent()) ?? "").trim();
  expect(integration).toMatch(/^gci_/);
  const auth = { Authorization: `Bearer ${integration}` };

  const team = (await (await request.get("/api/v1/teams", { headers: auth })).json()).teams[0].slug as string;
  const slug = `e2e-expiry-${tag}`;
  const created = await request.post("/api/v1/agents", {
    headers: auth,
    data: {
      slug,
      name: `E2E expiry ${tag}`,
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

  const current = await (await request.get("/api/v1/policies", { headers: auth })).json();
  const short = await request.put("/api/v1/policies", { headers: auth, data: { ...current.document, approval_ttl_seconds: 30 } });
  expect(short.status()).toBe(200);
  try {
    const hook = await request.post("/api/hooks/claude-code?wait_seconds=1", {
      headers: agentAuth,
      data: {
        session_id: `e2e-${tag}`,
        transcript_path: "/tmp/t.jsonl",
        cwd: "/work/payments",
        permission_mode: "default",
        hook_event_name: "PreToolUse",
        tool_name: "Write",
        tool_input: { file_path: "/work/payments/.github/workflows/ci.yml", content: "name: ci\n" },
        tool_use_id: "toolu_e2e",
      },
    });
    expect(hook.status()).toBe(200);
    const out = (await hook.json()).hookSpecificOutput;
    expect(out.permissionDecision).toBe("deny");
    const id = /Approval ([0-9a-f-]{36})/.exec(out.permissionDecisionReason)?.[1];
    expect(id).toBeTruthy();
    const status = async () => (await (await request.get(`/api/v1/approvals/${id}`, { headers: agentAuth })).json()).status as string;
    expect(await status()).toBe("pending");
    // Awaited condition instead of a fixed sleep: pending until the 30 s TTL has passed, then expired.
    await expect.poll(status, { timeout: 75_000, intervals: [1_000] }).toBe("expired");
  } finally {
    await request.put("/api/v1/policies", { headers: auth, data: current.document });
  }
});
