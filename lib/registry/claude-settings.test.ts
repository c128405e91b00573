import { describe, expect, it } from "vitest";
import { GATE_TIMEOUT_SECONDS, generateClaudeSettings, HOOK_EVENTS } from "./claude-settings";
import type { ScopeDimension, ScopeEntry } from "./scope";

const e = (dimension: ScopeDimension, pattern: string, validFrom: Date | null = null, validUntil: Date | null = null): ScopeEntry => ({
  dimension,
  pattern,
  validFrom,
  validUntil,
});
const NOW = new Date("2026-11-23T12:00:00Z");

describe("generateClaudeSettings", () => {
  const scope = [
    e("repository", "acme/*"),
    e("tool", "Bash(npm run test:*)"),
    e("tool", "Edit"),
    e("tool", "Read"),
    e("tool", "WebFetch"),
    e("path", "src/**"),
    e("path", "/etc/app/*.conf"),
    e("endpoint", "https://registry.npmjs.org"),
    e("endpoint", "https://api.github.com/repos/acme/**"),
  ];
  const s = generateClaudeSettings(scope, "https://gatehouse.acme.test/", NOW);

  it("turns tool entries into Claude rules narrowed by paths and hosts", () => {
    expect(s.permissions.allow).toEqual(
      expect.arrayContaining([
        "Bash(npm run test:*)",
        "Edit(src/**)",
        "Edit(//etc/app/*.conf)", // absolute paths take Claude's // prefix
        "Read(src/**)",
        "WebFetch(domain:registry.npmjs.org)",
        "WebFetch(domain:api.github.com)",
      ]),
    );
    expect(s.permissions.allow).not.toContain("Edit"); // never the unrestricted tool when paths exist
  });

  it("denies built-in tools that the allowlist never names", () => {
    expect(s.permissions.deny).toEqual(expect.arrayContaining(["Write", "WebSearch", "NotebookEdit"]));
    expect(s.permissions.deny).not.toContain("Bash");
    expect(s.permissions.deny).not.toContain("Edit");
    expect(s.permissions.disableBypassPermissionsMode).toBe("disable");
  });

  it("asks (never allows) for entries bounded to a time window", () => {
    const w = generateClaudeSettings(
      [e("tool", "Bash(kubectl rollout:*)", new Date("2026-11-23T00:00:00Z"), new Date("2026-11-24T00:00:00Z"))],
      "http://x",
      NOW,
    );
    expect(w.permissions.ask).toEqual(["Bash(kubectl rollout:*)"]);
    expect(w.permissions.allow).toEqual([]);
  });

  it("gates PreToolUse through the fail-closed hook client and records the rest over HTTP, every timeout stated in its URL", () => {
    expect(Object.keys(s.hooks)).toEqual([...HOOK_EVENTS]);
    const pre = s.hooks.PreToolUse[0];
    expect(pre.matcher).toBe("*");
    expect(pre.hooks[0]).toEqual({
      type: "command",
      command: `node "$HOME/.gatehouse/gatehouse-hook.mjs" --harness claude-code --timeout ${GATE_TIMEOUT_SECONDS}`,
      timeout: GATE_TIMEOUT_SECONDS,
    });
    expect(s.env).toEqual({ GATEHOUSE_URL: "https://gatehouse.acme.test" });
    const post = s.hooks.PostToolUse[0].hooks[0];
    expect(post).toMatchObject({
      type: "http",
      url: "https://gatehouse.acme.test/api/hooks/claude-code?timeout_seconds=10",
      timeout: 10,
      headers: {
        Authorization: "Bearer $GATEHOUSE_AGENT_TOKEN",
        "X-Gatehouse-Repository": "$GATEHOUSE_REPOSITORY",
        "X-Gatehouse-Initiated-By": "$GATEHOUSE_INITIATED_BY",
      },
    });
    // every variable a header names is one the hook may interpolate
    for (const v of Object.values((post as { headers: Record<string, string> }).headers)) {
      const name = /\$([A-Z_]+)/.exec(v)?.[1];
      expect((post as { allowedEnvVars: string[] }).allowedEnvVars).toContain(name);
    }
    expect(s.hooks.Stop[0].matcher).toBeUndefined();
    expect(JSON.stringify(s)).not.toMatch(/gat_/); // never a token in the file
  });

  it("with gate: http, PreToolUse is an HTTP hook whose URL carries the same timeout as the hook", () => {
    const h = generateClaudeSettings(scope, "https://g.test", NOW, { gate: "http" }).hooks.PreToolUse[0].hooks[0];
    expect(h).toMatchObject({
      type: "http",
      url: `https://g.test/api/hooks/claude-code?timeout_seconds=${GATE_TIMEOUT_SECONDS}`,
      timeout: GATE_TIMEOUT_SECONDS,
    });
  });

  it("as managed settings: only these hooks, only Gatehouse's hook URLs, and the scope's MCP servers", () => {
    expect(s.allowManagedHooksOnly).toBe(true);
    expect(s.allowedHttpHookUrls).toEqual(["https://gatehouse.acme.test/api/hooks/*"]);
    expect(s.allowedMcpServers).toEqual([]); // the scope names no MCP server: none allowed
    const m = generateClaudeSettings([e("tool", "mcp__github__create_issue"), e("tool", "mcp__jira__*")], "http://x", NOW);
    expect(m.allowedMcpServers).toEqual([{ serverName: "github" }, { serverName: "jira" }]);
    expect(generateClaudeSettings([e("tool", "mcp__*")], "http://x", NOW).allowedMcpServers).toBeUndefined();
  });

  it("an empty scope allows nothing and denies every built-in tool", () => {
    const empty = generateClaudeSettings([], "http://x", NOW);
    expect(empty.permissions.allow).toEqual([]);
    expect(empty.permissions.deny).toContain("Bash");
    expect(empty.permissions.deny).toContain("Read");
  });
});
