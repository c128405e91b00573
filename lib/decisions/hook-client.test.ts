import { describe, expect, it } from "vitest";
import http from "node:http";
import type { AddressInfo } from "node:net";
import fs from "node:fs";
import path from "node:path";
import { runHookClient } from "./hook-client";

const pre = fs.readFileSync(path.join(import.meta.dirname, "fixtures", "claude-pretooluse-bash.json"), "utf8");
const stop = fs.readFileSync(path.join(import.meta.dirname, "fixtures", "claude-stop.json"), "utf8");
const permission = fs.readFileSync(path.join(import.meta.dirname, "fixtures", "claude-permissionrequest-bash.json"), "utf8");

describe("hook command client", () => {
  it("prints deny for PreToolUse when the gate cannot be reached (fail closed)", async () => {
    const r = await runHookClient({ url: "http://127.0.0.1:1", token: "gat_x", input: pre, timeoutMs: 2000 });
    expect(JSON.parse(r.stdout).hookSpecificOutput.permissionDecision).toBe("deny");
    const other = await runHookClient({ url: "http://127.0.0.1:1", token: "gat_x", input: stop, timeoutMs: 2000 });
    expect(other.stdout).toBe("{}");
  });
  it("deciding PermissionRequest, prints its deny in that event's format when the gate cannot be reached; recording only, prints {}", async () => {
    const opts = { url: "http://127.0.0.1:1", token: "gat_x", input: permission, timeoutMs: 2000, decidePermissionRequests: true };
    const r = await runHookClient(opts);
    const out = JSON.parse(r.stdout).hookSpecificOutput;
    expect(out).toMatchObject({ hookEventName: "PermissionRequest", decision: { behavior: "deny" } });
    expect(out.decision.message).toMatch(/fail closed/);
    const none = await runHookClient({ ...opts, token: undefined });
    expect(JSON.parse(none.stdout).hookSpecificOutput.decision.behavior).toBe("deny");
    const recordOnly = await runHookClient({ ...opts, decidePermissionRequests: false });
    expect(recordOnly.stdout).toBe("{}");
  });
  it("passes the server's answer through, and denies on a non-200", async () => {
    let status = 200;
    let seen = "";
    const server = http.createServer((req, res) => {
      let body = "";
      req.on("data", (c) => (body += c));
      req.on("end", () => {
        seen = `${req.headers.authorization} ${body.length} ${req.url}`;
        res.writeHead(status, { "content-type": "application/json" });
        res.end(JSON.stringify({ hookSpecificOutput: { hookEventName: "PreToolUse", permissionDecision: "allow", permissionDecisionReason: "ok" } }));
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const ok = await runHookClient({ url, token: "gat_abc", input: pre, timeoutMs: 2000 });
      expect(JSON.parse(ok.stdout).hookSpecificOutput.permissionDecision).toBe("allow");
      expect(seen).toBe(`Bearer gat_abc ${pre.length} /api/hooks/claude-code?timeout_seconds=2`);
      await runHookClient({ url, token: "gat_abc", input: pre, timeoutMs: 2000, waitSeconds: 5, decidePermissionRequests: true });
      expect(seen).toBe(`Bearer gat_abc ${pre.length} /api/hooks/claude-code?timeout_seconds=2&wait_seconds=5&permission_requests=decide`);
      status = 401;
      const bad = await runHookClient({ url, token: "gat_abc", input: pre, timeoutMs: 2000 });
      expect(JSON.parse(bad.stdout).hookSpecificOutput).toMatchObject({ permissionDecision: "deny" });
    } finally {
      server.close();
    }
  });
});
