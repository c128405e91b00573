import { describe, expect, it } from "vitest";
import type { AuditEvent } from "@/db/schema";
import { CSV_COLUMNS, csvHeader, toCsvLine, toOcsf } from "./formats";

const base: AuditEvent = {
  seq: 7,
  id: "00000000-0000-4000-8000-000000000007",
  clientId: null,
  bodyHash: null,
  time: new Date("2026-01-02T03:04:05.678Z"),
  receivedAt: new Date("2026-01-02T03:04:06Z"),
  actorKind: "agent",
  type: "tool.post",
  agentId: null,
  agentSlug: "bot",
  actorUserId: null,
  actorLabel: null,
  initiatedBy: null,
  sessionId: "s",
  actionType: "file.write",
  tool: "Edit",
  repository: "acme/x",
  branch: null,
  environment: null,
  resource: "src/a.ts",
  command: null,
  endpoint: null,
  decision: "deny",
  decisionId: null,
  ruleId: "r1",
  policyVersion: "v3",
  approvalId: null,
  outcome: "blocked",
  rollbackRef: null,
  payload: { a: 1 },
  redactions: 0,
  payloadSha256: null,
  payloadBytes: null,
  prevHash: "0".repeat(64),
  hash: "f".repeat(64),
};

describe("export formats", () => {
  it("maps agent actions to OCSF API Activity with disposition", () => {
    const o = toOcsf(base);
    expect(o).toMatchObject({ class_uid: 6003, activity_id: 1, type_uid: 600301, status_id: 2, disposition_id: 2, time: base.time.getTime() });
  });

  it("maps agent lifecycle (kill, resume, scope) to OCSF Account Change", () => {
    const kill = toOcsf({ ...base, type: "agent.kill", actorKind: "human", actorLabel: "sec@acme.test" });
    expect(kill).toMatchObject({ class_uid: 3001, category_uid: 3, activity_id: 5, type_uid: 300105 });
    expect(toOcsf({ ...base, type: "agent.resume" })).toMatchObject({ class_uid: 3001, activity_id: 2 });
    expect(toOcsf({ ...base, type: "agent.scope.update" })).toMatchObject({ class_uid: 3001, activity_id: 7 });
  });

  it("writes RFC 4180 CSV and defuses spreadsheet formulas", () => {
    expect(csvHeader().trim().split(",")).toEqual([...CSV_COLUMNS]);
    const line = toCsvLine({ ...base, command: '=HYPERLINK("x")', resource: "a,b\nc" });
    expect(line).toContain(`"'=HYPERLINK(""x"")"`);
    expect(line).toContain(`"a,b\nc"`);
    expect(line.endsWith("\r\n")).toBe(true);
  });
});
