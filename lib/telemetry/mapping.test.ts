import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { decodeJson, decodeProtobuf } from "./otlp";
import { mapLogs, mapMetrics, metricKind, nanosToDate, normalizeModel } from "./mapping";

const dir = path.join(__dirname, "fixtures", "claude-code");
const sum = (kind: string, rows: { kind: string; value: number }[]) => rows.filter((r) => r.kind === kind).reduce((s, r) => s + r.value, 0);

describe("Claude Code fixtures → contributions", () => {
  it("JSON and protobuf captures map to the CLI's own totals", () => {
    for (const [kind, decode] of [
      ["json", (s: "metrics" | "logs", b: Buffer) => decodeJson(s, b.toString())],
      ["protobuf", (s: "metrics" | "logs", b: Buffer) => decodeProtobuf(s, b)],
    ] as const) {
      const all: { kind: string; value: number; model: string }[] = [];
      const audit: string[] = [];
      for (const f of fs.readdirSync(path.join(dir, kind)).sort()) {
        const body = fs.readFileSync(path.join(dir, kind, f));
        if (f.includes("metrics")) all.push(...mapMetrics(decode("metrics", body)).contributions);
        else {
          const m = mapLogs(decode("logs", body));
          all.push(...m.contributions);
          audit.push(...m.audit.map((a) => `${a.event.type}:${a.event.action?.tool ?? ""}`));
        }
      }
      expect(sum("cost_usd", all)).toBeCloseTo(0.00068, 10);
      expect(sum("tokens.input", all)).toBe(36);
      expect(sum("tokens.output", all)).toBe(20);
      expect(sum("event.api_request", all)).toBe(3);
      expect(new Set(all.filter((c) => c.kind === "cost_usd").map((c) => c.model))).toEqual(new Set(["claude-opus-4-8"]));
      expect(audit.sort()).toEqual(["telemetry.tool_decision:Bash", "telemetry.tool_decision:Write"]);
    }
  });
});

describe("pure helpers", () => {
  it("normalises model names and reads metric kinds", () => {
    expect(normalizeModel("claude-opus-4-8[1m]")).toBe("claude-opus-4-8");
    expect(metricKind("claude_code.token.usage", new Map([["type", "cacheRead"]]))).toBe("tokens.cache_read");
    expect(metricKind("gen_ai.client.token.usage", new Map([["gen_ai.token.type", "output"]]))).toBe("tokens.output");
    expect(metricKind("claude_code.lines_of_code.count", new Map([["type", "removed"]]))).toBe("lines.removed");
    expect(metricKind("process.cpu.time", new Map())).toBeNull();
  });
  it("reads nanosecond times and falls back on unset or absurd ones", () => {
    const fb = new Date("2026-01-01T00:00:00Z");
    expect(nanosToDate("1796401086716000000", fb).toISOString()).toBe("2026-12-04T16:18:06.716Z");
    expect(nanosToDate("0", fb)).toBe(fb);
    expect(nanosToDate("99999999999999999999", fb)).toBe(fb);
  });
});
