// SARIF 2.1.0 (CodeQL, Semgrep, ESLint, Trivy, …) → findings. The structure is validated with
// zod (only the parts we read; SARIF allows much more, so objects stay open). Pure.
import { z } from "zod";
import { clip, MAX_FINDINGS, ReportError, type Finding, type FindingSeverity, type ParsedReport } from "./types";

const level = z.enum(["none", "note", "warning", "error"]);
const message = z.object({ text: z.string().optional(), markdown: z.string().optional(), id: z.string().optional() }).loose();
const rule = z
  .object({
    id: z.string(),
    shortDescription: message.optional(),
    defaultConfiguration: z.object({ level: level.optional() }).loose().optional(),
    properties: z.record(z.string(), z.unknown()).optional(),
  })
  .loose();
const location = z
  .object({
    physicalLocation: z
      .object({
        artifactLocation: z.object({ uri: z.string().optional() }).loose().optional(),
        region: z.object({ startLine: z.number().int().optional() }).loose().optional(),
      })
      .loose()
      .optional(),
  })
  .loose();
const result = z
  .object({
    ruleId: z.string().optional(),
    ruleIndex: z.number().int().optional(),
    rule: z.object({ id: z.string().optional(), index: z.number().int().optional() }).loose().optional(),
    kind: z.enum(["pass", "open", "informational", "notApplicable", "review", "fail"]).optional(),
    level: level.optional(),
    message,
    locations: z.array(location).optional(),
    suppressions: z.array(z.object({ status: z.string().optional() }).loose()).optional(),
    properties: z.record(z.string(), z.unknown()).optional(),
  })
  .loose();
const run = z
  .object({
    tool: z.object({ driver: z.object({ name: z.string(), version: z.string().optional(), semanticVersion: z.string().optional(), rules: z.array(rule).optional() }).loose() }).loose(),
    results: z.array(result).nullish(),
  })
  .loose();
export const sarifSchema = z.object({ version: z.literal("2.1.0"), runs: z.array(run) }).loose();

function fromSecuritySeverity(v: unknown): FindingSeverity | undefined {
  const n = typeof v === "string" ? Number(v) : typeof v === "number" ? v : NaN;
  if (!Number.isFinite(n)) return undefined;
  if (n >= 9) return "critical";
  if (n >= 7) return "high";
  if (n >= 4) return "medium";
  if (n > 0) return "low";
  return "info";
}

const LEVEL_SEVERITY: Record<z.infer<typeof level>, FindingSeverity> = { error: "high", warning: "medium", note: "low", none: "info" };

export function parseSarif(content: string): ParsedReport {
  let raw: unknown;
  try {
    raw = JSON.parse(content);
  } catch {
    throw new ReportError("The SARIF report is not valid JSON.");
  }
  const parsed = sarifSchema.safeParse(raw);
  if (!parsed.success) {
    const i = parsed.error.issues[0];
    throw new ReportError(`The SARIF report is not SARIF 2.1.0: ${i.path.map(String).join(".") || "(root)"}: ${i.message}.`);
  }
  const findings: Finding[] = [];
  const tools: string[] = [];
  let suppressed = 0;
  for (const r of parsed.data.runs) {
    const rules = r.tool.driver.rules ?? [];
    tools.push(`${r.tool.driver.name}${r.tool.driver.semanticVersion ?? r.tool.driver.version ? " " + (r.tool.driver.semanticVersion ?? r.tool.driver.version) : ""}`);
    for (const res of r.results ?? []) {
      if (res.kind && res.kind !== "fail" && res.kind !== "open" && res.kind !== "review") continue;
      if (res.suppressions?.some((s) => (s.status ?? "accepted") === "accepted")) {
        suppressed++;
        continue;
      }
      const index = res.ruleIndex ?? res.rule?.index;
      const ruleId = res.ruleId ?? res.rule?.id ?? (index !== undefined ? rules[index]?.id : undefined) ?? null;
      const def = (index !== undefined ? rules[index] : undefined) ?? rules.find((x) => x.id === ruleId);
      const lvl = res.level ?? def?.defaultConfiguration?.level ?? "warning";
      const severity =
        fromSecuritySeverity(res.properties?.["security-severity"]) ?? fromSecuritySeverity(def?.properties?.["security-severity"]) ?? LEVEL_SEVERITY[lvl];
      const loc = res.locations?.[0]?.physicalLocation;
      if (findings.length < MAX_FINDINGS)
        findings.push({
          ruleId,
          severity,
          message: clip(res.message.text ?? res.message.markdown ?? def?.shortDescription?.text ?? ruleId ?? "finding"),
          path: loc?.artifactLocation?.uri ?? null,
          line: loc?.region?.startLine ?? null,
        });
    }
  }
  return { format: "sarif", findings, summary: { tools, results: findings.length, suppressed } };
}
