import { spawn, type ChildProcess } from "node:child_process";
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeWhen, postgresMissing } from "@/lib/testing/prerequisites";
import { createTestDb, type TestDb } from "@/lib/testing/db";
import { createAgent } from "./queries";
import { issueAgentToken } from "./tokens";
import { registryFixture } from "./testing/fixtures";
import { MAX_STALENESS_MS } from "./control";

/**
 * Two separate OS processes serve the API against one PostgreSQL database: a kill taken through
 * one must be enforced by the other within one second (no process memory involved).
 */
function startProcess(url: string): Promise<{ base: string; child: ChildProcess }> {
  // `npx tsx` in its own process group, so the whole group (npx → tsx → node) is stopped after.
  const child = spawn("npx", ["tsx", "--import", "./scripts/register.mjs", "lib/registry/testing/serve.ts", url], {
    cwd: process.cwd(),
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  return new Promise((resolve, reject) => {
    let out = "";
    let err = "";
    const timer = setTimeout(() => reject(new Error(`server did not start: ${err}`)), 60_000);
    child.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
      const m = /READY (\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ base: m[1], child });
      }
    });
    child.stderr!.on("data", (d: Buffer) => (err += d.toString()));
    child.on("exit", (code) => reject(new Error(`server exited ${code}: ${err}`)));
  });
}

async function call(base: string, method: string, path: string, token: string, body?: unknown) {
  const res = await fetch(base + path, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { "content-type": "application/json" } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: res.status, json: (await res.json()) as { error?: { code: string }; status?: string } };
}

describeWhen(postgresMissing(), "kill switch across two app processes [postgres]", () => {
  let h: TestDb;
  let a: { base: string; child: ChildProcess };
  let b: { base: string; child: ChildProcess };
  let agentToken = "";
  let adminToken = "";
  let agentId = "";

  beforeAll(async () => {
    h = await createTestDb("postgres");
    const fx = await registryFixture(h.db, "mp");
    const agent = await createAgent(
      h.db,
      {
        slug: "mp-agent",
        name: "MP",
        kind: "codex",
        role: "deployment",
        team: fx.team.slug,
        sponsor: fx.sponsor.email,
        model: "m",
        toolchainVersion: "1",
        scope: [],
      },
      fx.actor,
    );
    agentId = agent.id;
    agentToken = (await issueAgentToken(h.db, agent.id, {}, fx.actor)).token;
    adminToken = await fx.token(["agents:write"]);
    [a, b] = await Promise.all([startProcess(h.url!), startProcess(h.url!)]);
  }, 120_000);

  afterAll(async () => {
    for (const p of [a, b]) {
      if (p?.child.pid) {
        try {
          process.kill(-p.child.pid, "SIGTERM");
        } catch {
          // already gone
        }
      }
    }
    await new Promise((r) => setTimeout(r, 500));
    await h?.cleanup();
  });

  it("a kill on process A is enforced on process B once the staleness bound has passed; resume on B is seen by A", async () => {
    expect((await call(a.base, "GET", `/api/v1/agents/${agentId}`, agentToken)).status).toBe(200);
    expect((await call(b.base, "GET", `/api/v1/agents/${agentId}`, agentToken)).status).toBe(200);

    const kill = await call(a.base, "POST", `/api/v1/agents/${agentId}/kill`, adminToken, { reason: "two-process test" });
    expect(kill.status).toBe(200);
    // B re-reads the control version once its copy is older than MAX_STALENESS_MS, so once that
    // bound has passed since the kill committed, B's very next request must be refused. (The
    // wait is the design's bound, not a measurement: a busy machine cannot make this flaky.)
    await new Promise((r) => setTimeout(r, MAX_STALENESS_MS + 50));
    const r = await call(b.base, "GET", `/api/v1/agents/${agentId}`, agentToken);
    expect(r.status).toBe(403);
    expect(r.json.error?.code).toBe("agent_suspended");

    expect((await call(b.base, "POST", `/api/v1/agents/${agentId}/resume`, adminToken, { reason: "done" })).status).toBe(200);
    expect((await call(a.base, "GET", `/api/v1/agents/${agentId}`, agentToken)).status).toBe(200);
  });
});
