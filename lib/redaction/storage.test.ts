// The storage boundary covers every free-text column of the schema (issue 16), like the authz
// matrix covers every route: a new text/JSON column is redacted unless it is listed with a reason,
// and a new text column of audit_events must be one that record.ts redacts.
import { describe, expect, it } from "vitest";
import { eq, getTableColumns, getTableName } from "drizzle-orm";
import { PgDialect, type PgColumn } from "drizzle-orm/pg-core";
import * as schema from "@/db/schema";
// db/client.ts installs the boundary when it is loaded, before any database is opened.
import "@/db/client";
import { FREE_TEXT, redactAuditInput, type AuditInput } from "@/lib/audit/record";
import { UNREDACTED, isFreeTextColumn, isWrapped, redactForStorage, redactRows, storageValue, tablesOf, unredactedReason } from "./storage";

const SECRET = "Zq8v0pLx2WwHunter";
const PASSWORD = "correct-horse-battery-staple";
const TEXT = `deploy with DB_PASSWORD=${SECRET} please`;

/** A value of the column's type carrying both planted secrets. */
function plant(column: PgColumn): unknown {
  const type = column.getSQLType();
  if (type.endsWith("]")) return [TEXT, `password: ${PASSWORD}`];
  if (type.startsWith("json")) return { note: TEXT, nested: [{ password: PASSWORD }] };
  return `${TEXT} and password: ${PASSWORD}`;
}

const leaks = (driverValue: unknown) => {
  const s = typeof driverValue === "string" ? driverValue : JSON.stringify(driverValue);
  return s.includes(SECRET) || s.includes(PASSWORD);
};

const freeTextColumns = () =>
  tablesOf(schema).flatMap((table) =>
    (Object.values(getTableColumns(table)) as PgColumn[]).filter(isFreeTextColumn).map((column) => ({ table: getTableName(table), column })),
  );

describe("storage boundary", () => {
  it("finds the free-text columns (a schema walk that found none would prove nothing)", () => {
    const names = freeTextColumns().map((c) => `${c.table}.${c.column.name}`);
    expect(names.length).toBeGreaterThan(60);
    for (const n of [
      "agents.description",
      "agents.status_reason",
      "approval_requests.reason",
      "gate_findings.message",
      "changes.body",
      "defects.title",
      "defects.url",
      "violation_activity.note",
      "approval_requests.initiators",
      "gate_runs.summary",
    ])
      expect(names).toContain(n);
  });

  it("every free-text column redacts what is bound to it, or is listed in UNREDACTED with its reason", () => {
    const uncovered: string[] = [];
    for (const { table, column } of freeTextColumns()) {
      const reason = unredactedReason(table, column.name);
      if (reason !== undefined) {
        expect(reason.length, `${table}.${column.name}`).toBeGreaterThan(10);
        continue;
      }
      if (!isWrapped(column) || leaks(column.mapToDriverValue(plant(column)))) uncovered.push(`${table}.${column.name}`);
    }
    expect(uncovered).toEqual([]);
  });

  it("UNREDACTED names only free-text columns that exist (no stale or misspelt entry)", () => {
    const existing = new Set(freeTextColumns().flatMap(({ table, column }) => [`${table}.${column.name}`, `${table}.*`]));
    expect(Object.keys(UNREDACTED).filter((k) => !existing.has(k))).toEqual([]);
  });

  it("the driver value of a redacted column keeps its type: text stays text, arrays stay arrays, JSON stays JSON", () => {
    const { agents, approvalRequests, gateRuns } = schema;
    expect(agents.description.mapToDriverValue(TEXT)).toBe("deploy with DB_PASSWORD=[REDACTED:secret-assignment] please");
    expect(approvalRequests.initiators.mapToDriverValue(["a@x.test", TEXT])).toBe('{"a@x.test","deploy with DB_PASSWORD=[REDACTED:secret-assignment] please"}');
    expect(JSON.parse(gateRuns.summary.mapToDriverValue({ n: 1, password: PASSWORD }) as string)).toEqual({ n: 1, password: "[REDACTED:secret-field]" });
    expect(agents.description.mapToDriverValue("nothing to hide here")).toBe("nothing to hide here");
  });

  it("a comparison binds the redacted value, so a lookup by what the client sent finds what was stored", () => {
    const q = new PgDialect().sqlToQuery(eq(schema.agentSessions.id, `sess ${TEXT}`));
    expect(q.params).toEqual([storageValue(`sess ${TEXT}`)]);
    expect(leaks(q.params)).toBe(false);
  });

  it("redactRows (raw-SQL writes) redacts the same columns, by SQL name, and leaves the others", () => {
    const [row] = redactRows(schema.agentSessions, [{ id: `s ${TEXT}`, agent_slug: "bot", ended_reason: TEXT, started_at: "2026-01-01T00:00:00Z" }]);
    expect(leaks(row)).toBe(false);
    expect(row.started_at).toBe("2026-01-01T00:00:00Z");
    const [series] = redactRows(schema.telemetrySeries, [{ series_key: TEXT }]);
    expect(series.series_key).toBe(TEXT); // a hash, listed in UNREDACTED
  });

  it("redactForStorage redacts a large value ahead of time, and the boundary does not scan that output again", async () => {
    const line = `expected ${TEXT} to equal password: ${PASSWORD} `.repeat(10);
    const proof = { tests_run: Array.from({ length: 300 }, (_, i) => `${line} ${i}`), invariants: [line] };
    const out = await redactForStorage(proof);
    expect(leaks(out)).toBe(false);
    expect(out.tests_run).toHaveLength(300);
    // what recordGateRun builds around it: a new object holding the redacted arrays
    const wrapped = { tests_run: out.tests_run, invariants: out.invariants, untested: [] };
    expect(storageValue(wrapped).tests_run).toBe(out.tests_run);
    // not scanned again — which is why its callers must not change it afterwards
    out.tests_run.push(`late ${TEXT}`);
    expect(leaks(storageValue(wrapped))).toBe(true);
    // anything else is scanned as before
    expect(leaks(storageValue({ tests_run: [...out.tests_run] }))).toBe(false);
    expect(leaks(schema.gateRuns.proof.mapToDriverValue({ tests_run: [`${line} x`] }))).toBe(false);
  });

  it("audit rows: every free-text column of audit_events is redacted by record.ts (hashes aside)", () => {
    const HASHES = new Set(["bodyHash", "prevHash", "hash", "payloadSha256"]);
    const columns = Object.entries(getTableColumns(schema.auditEvents)).filter(([, c]) => isFreeTextColumn(c as PgColumn));
    const missing: string[] = [];
    for (const [key, column] of columns) {
      if (HASHES.has(key)) continue;
      const input = { actorKind: "agent", type: "tool.post", [key]: plant(column as PgColumn) } as AuditInput;
      const out = redactAuditInput(input) as unknown as Record<string, unknown>;
      if (leaks(out[key])) missing.push(key);
    }
    expect(missing).toEqual([]);
    expect(FREE_TEXT.length).toBeGreaterThan(15);
  });
});
