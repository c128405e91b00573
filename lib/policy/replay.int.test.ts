import { afterAll, beforeAll, expect, it } from "vitest";
import { describeEngines } from "@/lib/testing/db";
import { startTestApi } from "@/lib/testing/http";
import { resetControlCache } from "@/lib/registry/control";
import { decisionFixture } from "@/lib/decisions/testing";
import { getActivePolicy } from "./store";
import { replayDraft } from "./replay";
import type { PolicyDocument } from "./types";

// Recorded decisions replayed under a draft policy: what would change, and nothing else.
describeEngines("policy replay of recorded decisions", (get) => {
  let api: Awaited<ReturnType<typeof startTestApi>>;
  let active: PolicyDocument;
  const ids: Record<string, string> = {};
  let slugA = "";
  let slugB = "";

  beforeAll(async () => {
    resetControlCache();
    api = await startTestApi(get());
    const fx = await decisionFixture(get().db, "rpl");
    const a = await fx.agent("replay-a");
    const b = await fx.agent("replay-b");
    slugA = a.agent.slug;
    slugB = b.agent.slug;
    const decide = async (name: string, token: string, action: Record<string, string>, expected: string) => {
      const r = await api.request("POST", "/api/v1/decisions", { token, body: { action, initiated_by: "dev@acme.test" } });
      expect(r.status).toBe(200);
      expect(r.json.decision).toBe(expected);
      ids[name] = r.json.decision_id;
    };
    await decide("testA", a.token, { type: "shell.exec", tool: "Bash", repository: "acme/pay", command: "npm test" }, "allow");
    await decide("readA", a.token, { type: "file.read", tool: "Read", repository: "acme/pay", resource: "src/a.ts" }, "allow");
    await decide("testB", b.token, { type: "shell.exec", tool: "Bash", repository: "acme/pay", command: "npm test -- --run" }, "allow");
    await decide("mergeB", b.token, { type: "git.merge", repository: "acme/pay", branch: "main" }, "ask");
    await decide("lsB", b.token, { type: "shell.exec", tool: "Bash", repository: "acme/pay", command: "ls -la" }, "allow");
    active = (await getActivePolicy(get().db)).compiled.document;
  });
  afterAll(() => api.close());

  const gateNpmTest = (): PolicyDocument => ({
    ...active,
    rules: [
      { id: "gate-npm-test", tier: "gated", mode: "enforce", priority: 1, enabled: true, match: { action_types: ["shell.exec"], commands: ["npm test*"] } },
      ...active.rules,
    ],
  });

  it("a draft equal to the active policy changes nothing", async () => {
    const r = await replayDraft(get().db, active, { days: 1 });
    expect(r.scanned).toBe(5);
    expect(r.skipped).toBe(0);
    expect(r.changed).toBe(0);
    expect(r.ruleOnly).toBe(0);
    expect(r.transitions).toEqual([]);
    expect(r.byRule).toEqual([]);
    expect(r.byAgent).toEqual([]);
    expect(r.examples).toEqual([]);
    expect(r.truncated).toBe(false);
  });

  it("a draft that gates a previously allowed command shows allow → gated for exactly those calls, per rule and agent, with examples", async () => {
    const r = await replayDraft(get().db, gateNpmTest(), { days: 1 });
    expect(r.scanned).toBe(5);
    expect(r.changed).toBe(2);
    expect(r.transitions).toEqual([{ from: "allow", to: "ask", count: 2 }]);
    expect(r.byRule).toEqual([{ key: "gate-npm-test", changed: 2, transitions: { "allow>ask": 2 } }]);
    expect(r.byAgent).toEqual([slugA, slugB].sort().map((key) => ({ key, changed: 1, transitions: { "allow>ask": 1 } })));
    expect(r.examples.map((e) => e.decisionId).sort()).toEqual([ids.testA, ids.testB].sort());
    const ex = r.examples.find((e) => e.decisionId === ids.testA)!;
    expect(ex).toMatchObject({
      agentSlug: slugA,
      recorded: "allow",
      from: "allow",
      to: "ask",
      ruleBefore: "free-tests-and-checks",
      ruleAfter: "gate-npm-test",
    });
    expect(ex.summary).toContain("npm test");
  });

  it("tightening and loosening both show: merges forbidden (gated → deny), ls gated by default (allow → gated)", async () => {
    const draft: PolicyDocument = {
      ...active,
      rules: [
        { id: "forbid-merges", tier: "forbidden", mode: "enforce", priority: 1, enabled: true, match: { action_types: ["git.merge"] } },
        ...active.rules.map((x) =>
          x.id === "free-tests-and-checks" ? { ...x, match: { ...x.match, commands: x.match.commands!.filter((c) => !c.startsWith("ls")) } } : x,
        ),
      ],
    };
    const r = await replayDraft(get().db, draft, { days: 1 });
    expect(r.transitions).toEqual([
      { from: "allow", to: "ask", count: 1 },
      { from: "ask", to: "deny", count: 1 },
    ]);
    expect(r.examples.find((e) => e.decisionId === ids.mergeB)).toMatchObject({
      from: "ask",
      to: "deny",
      ruleAfter: "forbid-merges",
      ruleBefore: "gate-protected-branches",
    });
    expect(r.examples.find((e) => e.decisionId === ids.lsB)).toMatchObject({ from: "allow", to: "ask", ruleAfter: null });
    expect(r.byAgent).toEqual([{ key: slugB, changed: 2, transitions: { "allow>ask": 1, "ask>deny": 1 } }]);
  });

  it("keyset pages cross page boundaries without losing or repeating a decision", async () => {
    const whole = await replayDraft(get().db, gateNpmTest(), { days: 1 });
    const paged = await replayDraft(get().db, gateNpmTest(), { days: 1, pageSize: 1 });
    expect(paged.scanned).toBe(5);
    expect(paged.examples.map((e) => e.decisionId).sort()).toEqual(whole.examples.map((e) => e.decisionId).sort());
    expect(paged.truncated).toBe(false);
  });

  it("is bounded: the row cap keeps the newest decisions and says the window was cut", async () => {
    const r = await replayDraft(get().db, gateNpmTest(), { days: 1, maxRows: 3, pageSize: 2 });
    expect(r.scanned).toBe(3);
    expect(r.truncated).toBe(true);
    // the newest three are lsB, mergeB, testB: only testB changes
    expect(r.examples.map((e) => e.decisionId)).toEqual([ids.testB]);
    const exact = await replayDraft(get().db, gateNpmTest(), { days: 1, maxRows: 5, pageSize: 2 });
    expect(exact.scanned).toBe(5);
    expect(exact.truncated).toBe(false);
  });

  it("is bounded in time: decisions older than the window are not read", async () => {
    const later = new Date(Date.now() + 2 * 86_400_000);
    const r = await replayDraft(get().db, gateNpmTest(), { days: 1, now: later });
    expect(r.scanned).toBe(0);
    expect(r.changed).toBe(0);
  });
});
