// SARIF 2.1.0 (CodeQL, Semgrep, ESLint, Trivy, Bandit, gitleaks, …) → findings, read as the
// specification (OASIS SARIF 2.1.0, §3.27 result) means them:
// - `kind` other than fail/open/review (pass, informational, notApplicable) is not a finding;
// - `suppressions` with an accepted (or absent) status → suppressed; all under review or
//   rejected → still open;
// - `baselineState: "absent"` → absent (it was in the baseline and is gone now): not open;
// - rules come from the driver or from `tool.extensions[]` (CodeQL packs), found through
//   `rule.toolComponent`, the rule index, or the id (hierarchical ids fall back to the parent);
// - severity: `security-severity` of the result or rule (CVSS bands), else the level (result,
//   then the rule's default configuration, else warning);
// - producers' `null` for an absent array (Go tools emit `"rules": null`) reads as empty.
// Only the parts read are validated; everything else stays open. Pure.
import { z } from "zod";
import { runSync, type Steps } from "./run";
import { clip, FindingSink, lineOf, ReportError, severityFromScore, type FindingSeverity, type FindingStatus, type ParsedReport } from "./types";

const level = z.enum(["none", "note", "warning", "error"]);
const props = z.record(z.string(), z.unknown()).nullish();
const message = z
  .object({ text: z.string().nullish(), markdown: z.string().nullish(), id: z.string().nullish(), arguments: z.array(z.string()).nullish() })
  .loose();
const multiformat = z.object({ text: z.string().nullish() }).loose();
const rule = z
  .object({
    id: z.string(),
    shortDescription: multiformat.nullish(),
    messageStrings: z.record(z.string(), multiformat).nullish(),
    defaultConfiguration: z.object({ level: level.nullish() }).loose().nullish(),
    properties: props,
  })
  .loose();
const component = z
  .object({
    name: z.string(),
    guid: z.string().nullish(),
    version: z.string().nullish(),
    semanticVersion: z.string().nullish(),
    rules: z.array(rule).nullish(),
    globalMessageStrings: z.record(z.string(), multiformat).nullish(),
  })
  .loose();
const artifactLocation = z.object({ uri: z.string().nullish(), index: z.number().int().nullish() }).loose();
const location = z
  .object({
    physicalLocation: z
      .object({ artifactLocation: artifactLocation.nullish(), region: z.object({ startLine: z.number().int().nullish() }).loose().nullish() })
      .loose()
      .nullish(),
  })
  .loose();
const result = z
  .object({
    ruleId: z.string().nullish(),
    ruleIndex: z.number().int().nullish(),
    rule: z
      .object({
        id: z.string().nullish(),
        index: z.number().int().nullish(),
        toolComponent: z.object({ name: z.string().nullish(), index: z.number().int().nullish(), guid: z.string().nullish() }).loose().nullish(),
      })
      .loose()
      .nullish(),
    kind: z.enum(["pass", "open", "informational", "notApplicable", "review", "fail"]).nullish(),
    level: level.nullish(),
    message,
    locations: z.array(location).nullish(),
    suppressions: z
      .array(z.object({ kind: z.string().nullish(), status: z.enum(["accepted", "underReview", "rejected"]).nullish(), justification: z.string().nullish() }).loose())
      .nullish(),
    baselineState: z.enum(["new", "unchanged", "updated", "absent"]).nullish(),
    properties: props,
  })
  .loose();
const run = z
  .object({
    tool: z.object({ driver: component, extensions: z.array(component).nullish() }).loose(),
    // results are validated one by one below, so a bad one is named and work can yield between them
    results: z.array(z.unknown()).nullish(),
    artifacts: z.array(z.object({ location: artifactLocation.nullish() }).loose()).nullish(),
  })
  .loose();
// `runs` is null when the tool failed before it could produce a run (§3.13.4)
export const sarifSchema = z.object({ version: z.literal("2.1.0"), runs: z.array(run).nullable() }).loose();

type Run = z.infer<typeof run>;
type Rule = z.infer<typeof rule>;
type Result = z.infer<typeof result>;
type Component = z.infer<typeof component>;

const LEVEL_SEVERITY: Record<z.infer<typeof level>, FindingSeverity> = { error: "high", warning: "medium", note: "low", none: "info" };

function fromSecuritySeverity(v: unknown): FindingSeverity | undefined {
  const n = typeof v === "string" && v.trim() !== "" ? Number(v) : typeof v === "number" ? v : NaN;
  return Number.isFinite(n) ? severityFromScore(n) : undefined;
}

/** The rules of one run: by (component, index) and by id across the driver and its extensions. */
class RuleIndex {
  private byId?: Map<string, { rule: Rule; component: Component }>;
  constructor(private readonly run: Run) {}

  private component(res: Result): Component | undefined {
    const tc = res.rule?.toolComponent;
    const ext = this.run.tool.extensions ?? [];
    if (!tc) return this.run.tool.driver;
    // toolComponentReference.index points into run.tool.extensions (§3.54.3)
    if (typeof tc.index === "number") return ext[tc.index];
    const all = [this.run.tool.driver, ...ext];
    if (tc.guid) return all.find((c) => c?.guid === tc.guid);
    if (tc.name) return all.find((c) => c?.name === tc.name);
    return this.run.tool.driver;
  }

  private lookup(id: string) {
    if (!this.byId) {
      this.byId = new Map();
      for (const c of [this.run.tool.driver, ...(this.run.tool.extensions ?? [])]) {
        for (const r of c?.rules ?? []) if (r && !this.byId.has(r.id)) this.byId.set(r.id, { rule: r, component: c });
      }
    }
    const slash = id.indexOf("/");
    // hierarchical rule ids ("CA2101/1") name a child of the rule before the first slash… but
    // CodeQL ids ("js/sql-injection") contain slashes too, so the whole id is tried first
    return this.byId.get(id) ?? (slash > 0 ? this.byId.get(id.slice(0, slash)) : undefined);
  }

  find(res: Result): { rule?: Rule; component?: Component; id: string | null } {
    const id = res.ruleId ?? res.rule?.id ?? null;
    const index = res.rule?.index ?? res.ruleIndex;
    const comp = this.component(res);
    if (typeof index === "number" && index >= 0) {
      const r = comp?.rules?.[index];
      if (r && (id === null || id === r.id || id.startsWith(r.id + "/"))) return { rule: r, component: comp, id: id ?? r.id };
    }
    if (id !== null) {
      const hit = this.lookup(id);
      if (hit) return { ...hit, id };
    }
    return { id };
  }
}

function format(template: string, args: readonly string[] | null | undefined): string {
  if (!args?.length) return template;
  return template.replace(/\{(\d+)\}/g, (m, n: string) => args[Number(n)] ?? m);
}

function messageOf(res: Result, r: Rule | undefined, c: Component | undefined): string | undefined {
  if (res.message.text) return format(res.message.text, res.message.arguments);
  if (res.message.markdown) return format(res.message.markdown, res.message.arguments);
  const id = res.message.id;
  const s = id ? (r?.messageStrings?.[id]?.text ?? c?.globalMessageStrings?.[id]?.text) : undefined;
  return s ? format(s, res.message.arguments) : (r?.shortDescription?.text ?? undefined);
}

function statusOf(res: Result): { status: FindingStatus; justification: string | null } {
  if (res.baselineState === "absent") return { status: "absent", justification: "absent from this run (present in the baseline)" };
  // §3.27.23: suppressed when any suppression is accepted (status absent = accepted); under
  // review or rejected ones leave the result open
  const accepted = (res.suppressions ?? []).find((s) => s && (s.status ?? "accepted") === "accepted");
  if (accepted) return { status: "suppressed", justification: clip(accepted.justification || `suppressed ${accepted.kind ?? ""}`.trim(), 1000) };
  return { status: "open", justification: null };
}

export function parseSarif(content: string): ParsedReport {
  return runSync(sarifSteps(content));
}

export function* sarifSteps(content: string): Steps<ParsedReport> {
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
  const sink = new FindingSink();
  const tools: string[] = [];
  const notFindings: Record<string, number> = {};
  const baseline: Record<string, number> = {};
  const byPrecision: Record<string, number> = {};
  let underReview = 0;
  let results = 0;
  const runs = parsed.data.runs ?? [];
  for (let ri = 0; ri < runs.length; ri++) {
    const r = runs[ri];
    const d = r.tool.driver;
    const version = d.semanticVersion ?? d.version;
    tools.push(clip(`${d.name}${version ? " " + version : ""}`, 200));
    const rules = new RuleIndex(r);
    const list = r.results ?? [];
    for (let i = 0; i < list.length; i++) {
      const checked = result.safeParse(list[i]);
      if (!checked.success) {
        const issue = checked.error.issues[0];
        throw new ReportError(`The SARIF report is not SARIF 2.1.0: ${["runs", ri, "results", i, ...issue.path].map(String).join(".")}: ${issue.message}.`);
      }
      const res = checked.data;
      if (++results % 500 === 0) yield;
      // §3.27.9: a result without a kind is a failure
      const kind = res.kind ?? "fail";
      if (kind !== "fail" && kind !== "open" && kind !== "review") {
        notFindings[kind] = (notFindings[kind] ?? 0) + 1;
        continue;
      }
      if (res.baselineState) baseline[res.baselineState] = (baseline[res.baselineState] ?? 0) + 1;
      const { rule: def, component: comp, id: ruleId } = rules.find(res);
      const lvl = res.level ?? def?.defaultConfiguration?.level ?? "warning";
      const severity = fromSecuritySeverity(res.properties?.["security-severity"]) ?? fromSecuritySeverity(def?.properties?.["security-severity"]) ?? LEVEL_SEVERITY[lvl];
      const { status, justification } = statusOf(res);
      if (status === "open" && res.suppressions?.some((s) => s?.status === "underReview")) underReview++;
      const precision = def?.properties?.precision;
      if (status === "open" && typeof precision === "string") byPrecision[precision] = (byPrecision[precision] ?? 0) + 1;
      const loc = res.locations?.[0]?.physicalLocation;
      const art = loc?.artifactLocation;
      const uri = art?.uri ?? (typeof art?.index === "number" ? r.artifacts?.[art.index]?.location?.uri : undefined);
      sink.add({
        ruleId: ruleId === null ? null : clip(ruleId, 500),
        severity,
        message: clip(messageOf(res, def, comp) ?? ruleId ?? "finding"),
        path: uri ? clip(uri, 2000) : null,
        line: lineOf(loc?.region?.startLine),
        status,
        justification,
      });
    }
  }
  return {
    format: "sarif",
    findings: sink.findings(),
    counts: sink.counts,
    summary: {
      tools,
      runs: parsed.data.runs?.length ?? 0,
      results,
      ...sink.counts,
      not_findings: notFindings,
      baseline,
      under_review: underReview,
      open_by_precision: byPrecision,
    },
  };
}
