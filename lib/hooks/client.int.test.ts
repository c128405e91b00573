import { afterAll, beforeAll, expect, it } from "vitest";
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { describeEngines } from "@/lib/testing/db";
import { startTestApi } from "@/lib/testing/http";
import { resetControlCache } from "@/lib/registry/control";
import { decisionFixture } from "@/lib/decisions/testing";

const CLIENT = path.join(process.cwd(), "lib/hooks/client/gatehouse-hook.mjs");
const fixture = (name: string) => fs.readFileSync(path.join(process.cwd(), "lib/decisions/fixtures", name), "utf8");

/** The hook client as the harness runs it: a real `node` process, hook JSON on stdin. */
function runClient(args: string[], input: string, env: Record<string, string>): Promise<{ code: number | null; out: any; raw: string }> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [CLIENT, ...args], { env: { PATH: process.env.PATH ?? "", ...env } as unknown as NodeJS.ProcessEnv, stdio: "pipe" });
    let raw = "";
    p.stdout.on("data", (c: Buffer) => (raw += c));
    p.on("error", reject);
    p.on("close", (code) => {
      let out: unknown;
      try {
        out = JSON.parse(raw);
      } catch {
        out = undefined;
      }
      resolve({ code, out, raw });
    });
    p.stdin.end(input);
  });
}

describeEngines("the hook client file (real node process against the real API)", (get) => {
  let api: Awaited<ReturnType<typeof startTestApi>>;
  let token: string;
  let silent: http.Server;
  let silentUrl: string;
  let bad: http.Server;
  let badUrl: string;
  beforeAll(async () => {
    resetControlCache();
    api = await startTestApi(get());
    const fx = await decisionFixture(get().db, "hcl");
    token = (await fx.agent("client-agent")).token;
    // a Gatehouse that accepts the connection and never answers
    silent = http.createServer(() => {});
    await new Promise<void>((r) => silent.listen(0, "127.0.0.1", r));
    silentUrl = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
    // a proxy in front of Gatehouse that answers an error (with a body that looks like a decision)
    bad = http.createServer((_q, res) =>
      res.writeHead(502, { "content-type": "application/json" }).end('{"hookSpecificOutput":{"hookEventName":"PreToolUse","permissionDecision":"allow"}}'),
    );
    await new Promise<void>((r) => bad.listen(0, "127.0.0.1", r));
    badUrl = `http://127.0.0.1:${(bad.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    silent.closeAllConnections();
    await new Promise((r) => silent.close(r));
    await new Promise((r) => bad.close(r));
    await api.close();
  });

  it("is served by the instance with its version and checksum", async () => {
    const r = await api.request("GET", "/api/hooks/client");
    expect(r.status).toBe(200);
    expect(r.text).toBe(fs.readFileSync(CLIENT, "utf8"));
    expect(r.headers.get("x-gatehouse-client-sha256")).toBe(createHash("sha256").update(r.text).digest("hex"));
    expect(r.headers.get("x-gatehouse-client-version")).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it("passes Gatehouse's decisions through in each harness's format, with who/where from the environment", async () => {
    const env = { GATEHOUSE_URL: api.base, GATEHOUSE_AGENT_TOKEN: token, GATEHOUSE_REPOSITORY: "acme/payments" };
    const claude = await runClient(["--harness", "claude-code", "--timeout", "10"], fixture("claude-pretooluse-bash.json"), env);
    expect(claude.out.hookSpecificOutput).toMatchObject({ permissionDecision: "allow" });
    const secret = await runClient(["--harness", "claude-code"], fixture("claude-pretooluse-read-env.json"), env);
    expect(secret.out.hookSpecificOutput).toMatchObject({ permissionDecision: "deny", permissionDecisionReason: expect.stringMatching(/forbid-secret-files/) });
    const cursor = await runClient(["--harness", "cursor"], fixture("cursor-beforeshellexecution.json"), env);
    expect(cursor.out.permission).toBe("allow");
    const copilot = await runClient(["--harness", "copilot", "--event", "preToolUse"], fixture("copilot-pretooluse-view-env.json"), env);
    expect(copilot.out.permissionDecision).toBe("deny");
    // without the repository the scope cannot be checked: gated, so denied at once here
    const noRepo = await runClient(["--harness", "claude-code"], fixture("claude-pretooluse-bash.json"), {
      GATEHOUSE_URL: api.base,
      GATEHOUSE_AGENT_TOKEN: token,
    });
    expect(noRepo.out.hookSpecificOutput.permissionDecision).toBe("deny");
  });

  it("fails closed on a deciding event: no token, unreachable, an error status, no answer before its deadline", async () => {
    const pre = fixture("claude-pretooluse-bash.json");
    const cases: [Record<string, string>, string[], RegExp][] = [
      [{ GATEHOUSE_URL: api.base }, [], /GATEHOUSE_AGENT_TOKEN is not set/],
      [{ GATEHOUSE_URL: "http://127.0.0.1:9", GATEHOUSE_AGENT_TOKEN: token }, [], /could not be reached/],
      [{ GATEHOUSE_URL: badUrl, GATEHOUSE_AGENT_TOKEN: token }, [], /answered HTTP 502/],
      [{ GATEHOUSE_URL: silentUrl, GATEHOUSE_AGENT_TOKEN: token }, ["--timeout", "3"], /could not be reached in time/],
    ];
    for (const [env, extra, why] of cases) {
      const r = await runClient(["--harness", "claude-code", ...extra], pre, env);
      expect(r.code).toBe(0);
      expect(r.out.hookSpecificOutput, JSON.stringify(env)).toMatchObject({ hookEventName: "PreToolUse", permissionDecision: "deny" });
      expect(r.out.hookSpecificOutput.permissionDecisionReason).toMatch(why);
    }
    const cursor = await runClient(["--harness", "cursor"], fixture("cursor-beforeshellexecution.json"), {
      GATEHOUSE_URL: "http://127.0.0.1:9",
      GATEHOUSE_AGENT_TOKEN: token,
    });
    expect(cursor.out.permission).toBe("deny");
    const copilot = await runClient(["--harness", "copilot"], fixture("copilot-pretooluse-bash.json"), {
      GATEHOUSE_URL: "http://127.0.0.1:9",
      GATEHOUSE_AGENT_TOKEN: token,
    });
    expect(copilot.out.permissionDecision).toBe("deny");
    // a recorded event never blocks the agent
    const stop = await runClient(["--harness", "claude-code"], fixture("claude-stop.json"), {
      GATEHOUSE_URL: "http://127.0.0.1:9",
      GATEHOUSE_AGENT_TOKEN: token,
    });
    expect(stop.out).toEqual({});
  });
});
