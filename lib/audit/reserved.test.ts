// The reserved list is derived from the code: every event type written as Gatehouse's own act
// (its actor from auditActor or any actorKind but a literal "agent", or through a record…
// helper) must be refused from clients.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { isReservedEventType } from "./reserved";

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    if (d.isDirectory()) return sources(p);
    return /\.tsx?$/.test(d.name) && !/\.test\.tsx?$|fixture/.test(d.name) ? [p] : [];
  });
}

const DOTTED = /"([a-z_]+(?:\.[a-z_]+)+)"/g;

/** Event types written as governance acts: in `type:` of files that write human/system events, and passed to record… helpers. */
function governanceTypes(): Map<string, string> {
  const found = new Map<string, string>();
  for (const file of [...sources("lib"), ...sources("app")]) {
    // the demo seed and live demo traffic play the agents too (their tool.* and session.* events)
    if (file.startsWith(path.join("lib", "demo") + path.sep)) continue;
    const text = fs.readFileSync(file, "utf8");
    // a governance act names its actor through auditActor (lib/auth/actor.ts), or sets a non-agent kind by hand
    if (!/actorKind: (?!"agent")|\bauditActor\(/.test(text)) continue;
    for (const m of text.matchAll(/\btype: ([^,\n]+)/g)) for (const t of m[1].matchAll(DOTTED)) found.set(t[1], file);
    for (const m of text.matchAll(/\brecord\w*\(\s*(?:db|tx)[^)\n]*/g)) for (const t of m[0].matchAll(DOTTED)) found.set(t[1], file);
    for (const m of text.matchAll(/(?:type|kind) === "[a-z_]+" \? "[^"]+" : "[^"]+"/g)) for (const t of m[0].matchAll(DOTTED)) found.set(t[1], file);
  }
  return found;
}

describe("reserved event types", () => {
  it("cover every type Gatehouse writes as its own act, found in the code", () => {
    const found = governanceTypes();
    // the scan finds the known governance acts (so an empty scan cannot pass)
    for (const t of [
      "agent.kill",
      "agent.resume",
      "approval.approve",
      "approval.deny",
      "approval.expire",
      "policy.change",
      "audit.export",
      "auth.denied",
      "settings.update",
    ])
      expect(found.has(t), t).toBe(true);
    const open = [...found].filter(([t]) => !isReservedEventType(t)).map(([t, f]) => `${t} (${f})`);
    expect(open).toEqual([]);
    expect(isReservedEventType("decision")).toBe(true); // the decision path's record
  });

  it("leave the types agents report open", () => {
    for (const t of [
      "tool.pre",
      "tool.post",
      "tool.failure",
      "session.start",
      "session.end",
      "prompt",
      "commit",
      "deploy",
      "mcp.github.x",
      "telemetry.api_request",
      "agents.note",
      "decisions",
    ])
      expect(isReservedEventType(t), t).toBe(false);
    for (const t of ["AGENT.KILL", "Decision", "approval.whatever"]) expect(isReservedEventType(t), t).toBe(true);
  });
});
